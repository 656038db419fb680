/**
 * npm's postinstall: npm install itself ran on the system's Node (and .npmrc
 * keeps its engine warnings quiet), so say which Node the workbook runs on,
 * and the learner's next step.
 */
import { defineCommand } from '../workbook/command.js';

const command = defineCommand({ name: 'postinstall', usage: ['npm install   (runs this afterwards) says which Node the workbook runs on, and what to do next'], flags: {} });
command.parse();
await command.run(() => {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`Bare Controller is installed; its npm scripts run on Node ${process.version} (the project's own, from node_modules).`);
  out('Next: npm run lab:1   (npm start shows where you are)');
});
