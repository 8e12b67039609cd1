"""The budget app has no tasks of its own: the kernel renders the protocol PDF, sends the
outbox and runs the "hearing tomorrow" reminder registered in BudgetConfig.ready()."""
