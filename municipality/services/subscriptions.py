def notice_notify_subscribers(*, notice_id: int) -> None:
    """Queue one message per confirmed subscriber of the notice's category."""
    # Filled in by the outbox work (issue 4).
