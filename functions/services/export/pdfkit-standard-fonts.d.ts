// pdfkit 0.20 ships the metrics of the 14 standard PDF fonts as plain data modules, which its
// browser build (the one wrangler bundles for workerd) needs registered; @types/pdfkit predates them.
declare module 'pdfkit/standard-fonts/*' {
  const font: { name: string };
  export default font;
}
