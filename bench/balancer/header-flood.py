#!/usr/bin/env python3
"""Headers that never end, from three client addresses: 180 connections (60 each from 127.0.0.51-53, under the
per-address cap), each sending a request line and 1 MB of one header line. Prints how each connection ended.
Against a system from ./start.sh:   python3 bench/balancer/header-flood.py 9000
Before FICHAS_BALANCER_MAX_HEADER_BYTES the balancer (192 MB heap) died of OutOfMemoryError within a second."""
import socket, sys, threading, time
port=int(sys.argv[1]); results={'400':0,'closed':0,'other':0,'err':0}
lock=threading.Lock()
def one(src):
    try:
        s=socket.socket(); s.bind((src,0)); s.settimeout(15); s.connect(('127.0.0.1',port))
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ")
        chunk=b"a"*65536; sent=0; resp=b""
        try:
            while sent < 1_000_000:
                s.sendall(chunk); sent+=len(chunk)
        except OSError:
            pass
        try:
            resp=s.recv(200)
        except OSError:
            pass
        with lock:
            if resp.startswith(b"HTTP/1.1 400"): results['400']+=1
            elif not resp: results['closed']+=1
            else: results['other']+=1
        s.close()
    except Exception as e:
        with lock: results['err']+=1
threads=[threading.Thread(target=one,args=(f"127.0.0.{51+i%3}",)) for i in range(180)]
t0=time.time(); [t.start() for t in threads]; [t.join() for t in threads]
print(results, "%.1fs"%(time.time()-t0))
