# Bandit 1.7.5+ (B612); the installed Bandit may not run it.
import logging.config


def start_listener():
    # ruleid: logging-config-listen -- Bandit B612
    thread = logging.config.listen(9999)
    thread.start()
    return thread
