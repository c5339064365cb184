/** The central app's own machine, as the Node entry reads it (workerd has no such view). */
export interface HostMetrics {
  hostname: string;
  platform: string;
  uptimeSeconds: number;
  processUptimeSeconds: number;
  cpuCount: number;
  loadAverage: number[];
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  processRssBytes: number;
  heapUsedBytes: number;
  diskUsedBytes: number | null;
  diskTotalBytes: number | null;
}
