"""Logging filters for messages that quote what a client sent."""

import logging

MAX_MESSAGE = 200


class ShortMessage(logging.Filter):
    """One line of at most MAX_MESSAGE characters, without the traceback.

    Django logs a bad Host header with its full value and a traceback that repeats it, so one
    request with a 12 KB header wrote about 25 KB of log. The exception is expected; its value
    is only a hint for the operator.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage().replace("\n", " ").replace("\r", " ")
        if len(message) > MAX_MESSAGE:
            message = f"{message[:MAX_MESSAGE]}... ({len(message):,} characters)"
        record.msg, record.args = message, None
        record.exc_info = record.exc_text = record.stack_info = None
        return True
