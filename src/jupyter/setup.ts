/**
 * Run by `npm install` (the `prepare` script) after the build: registers the
 * project-local kernelspec and links the library for notebooks.
 */
import { installKernelSpec, linkSelf } from "./kernelspec";

function main(): void {
  const kernelDir = installKernelSpec();
  linkSelf();
  if (!process.argv.includes("--quiet")) {
    console.log(`bioclusters: notebook kernel "TypeScript (bioclusters)" written to ${kernelDir}`);
  }
}

if (require.main === module) main();
