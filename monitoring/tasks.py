"""Monitoring has no tasks of its own: PDFs render in the kernel's document task and
reminders run through the kernel's reminder registry (see reminders.py)."""
