/** Observability shared by the instances and the balancer: alerts, webhook delivery, metric history. */
package fichas.observability;
