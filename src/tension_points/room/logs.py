"""The room's terminal: every line one line. Errors are logged with their type and message folded
into the line (``TP_DEBUG=1`` adds the traceback); uvicorn's, Starlette's and asyncio's loggers
go through the same formatter (``LOG_CONFIG``, given to uvicorn by ``serve.py``)."""

from __future__ import annotations

import logging
import os

LOGGER = logging.getLogger("tension_points.room")


def debugging() -> bool:
    return bool(os.environ.get("TP_DEBUG"))


class OneLine(logging.Formatter):
    """``tension-points room: MESSAGE (ErrorType: what)``: the exception folded into the line."""

    def format(self, record: logging.LogRecord) -> str:
        message = f"tension-points room: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None and not debugging():
            error = record.exc_info[1]
            return f"{message} ({type(error).__name__}: {error})".replace("\n", " ")
        if record.exc_info and debugging():
            return message + "\n" + self.formatException(record.exc_info)
        return message


LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"one_line": {"()": OneLine}},
    "handlers": {"terminal": {"class": "logging.StreamHandler", "formatter": "one_line", "stream": "ext://sys.stderr"}},
    "loggers": {
        "uvicorn": {"handlers": ["terminal"], "level": "WARNING", "propagate": False},
        "uvicorn.error": {"handlers": ["terminal"], "level": "WARNING", "propagate": False},
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},  # no addresses logged
        "asyncio": {"handlers": ["terminal"], "level": "WARNING", "propagate": False},
        "starlette": {"handlers": ["terminal"], "level": "WARNING", "propagate": False},
        "tension_points.room": {"handlers": ["terminal"], "level": "INFO", "propagate": False},
    },
}
