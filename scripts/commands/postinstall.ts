/**
 * npm's postinstall: npm install itself ran on the system's Node (and .npmrc
 * keeps its engine warnings quiet), so say which Node the workbook runs on,
 * and the learner's next step.
 */
const out = (line: string) => process.stdout.write(`${line}\n`);
out(`Bare Controller is installed; its npm scripts run on Node ${process.version} (the project's own, from node_modules).`);
out('Next: npm run lab:1   (npm start shows where you are)');
