// Loaded with --import into a learner's main.ts run as its own process: a TODO
// reached there (todo() calls this listener before it throws) is written to
// stderr, so the checkpoint fails at once naming it (child-todo.ts) instead of
// waiting for a result the process can never produce.
globalThis[Symbol.for('bare-controller.todo-reached')] = (error) => process.stderr.write(`bare-controller: todo reached: ${error.message}\n`);
