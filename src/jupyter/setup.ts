/**
 * Run by `npm install` (the `prepare` script) after the build: registers the
 * project-local kernelspec, links the library for notebooks and minifies
 * plotly.js for offline charts.
 */
import { plotlyMinified } from "../display/figure";
import { installKernelSpec, linkSelf } from "./kernelspec";

function main(): void {
  const kernelDir = installKernelSpec();
  linkSelf();
  plotlyMinified(); // builds dist/vendor/plotly-<version>.min.js once, so the first chart of a session is quick
  if (!process.argv.includes("--quiet")) {
    console.log(`bioclusters: notebook kernel "TypeScript (bioclusters)" written to ${kernelDir}`);
  }
}

if (require.main === module) main();
