import logging.config
from logging.config import listen


def check_signature(data):
    return None


def cases(port):
    # ruleid: logging-config-listen
    logging.config.listen(9999)
    # ruleid: logging-config-listen
    listen(
        port,
    )
    # ok: logging-config-listen
    logging.config.listen(9999, verify=check_signature)
    # ok: logging-config-listen
    logging.config.dictConfig({"version": 1})
    # ok: logging-config-listen
    logging.config.listen(9999)  # nosec B612
    # ok: logging-config-listen
    logging.config.listen(9999)  # noqa: S612


def _advised_fix_logging_config_listen(check_signature):
    import logging.config

    # fix: logging-config-listen
    return logging.config.listen(9999, verify=check_signature)
