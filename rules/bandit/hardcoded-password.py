import os

import requests

# ruleid: hardcoded-password
DB_PASSWORD = "s3cr3t-pa55"
# ruleid: hardcoded-password
SECRET_KEY = "django-insecure-8f3k2j5l9q0w1e4r"
# ruleid: hardcoded-password
api_key: str = "AKIA1234567890ABCDEF"
# ok: hardcoded-password
PASSWORD_ENV = "DB_PASSWORD"
# ok: hardcoded-password
password = os.environ["DB_PASSWORD"]
# ok: hardcoded-password
password = ""
# ok: hardcoded-password
token_type = "bearer"
# ok: hardcoded-password
password_prompt = "Password: "
# ok: hardcoded-password
RESET_PASSWORD = "/account/password/reset"
# ok: hardcoded-password
password_field = "password"
# ok: hardcoded-password
PASSWORD = "password"
# ok: hardcoded-password
password = "********"
# ok: hardcoded-password
password = "<your password here>"
# ok: hardcoded-password
TOKEN = "id_token"
# ok: hardcoded-password
passwd = f"{user}:{pw}"
# ok: hardcoded-password
password = "%(password)s"
# ok: hardcoded-password
secret = "auth.jwt.secret"
# ok: hardcoded-password
token = "None"
# ok: hardcoded-password
bypass = "yes-please"
# ok: hardcoded-password
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
# ok: hardcoded-password
WaitForTaskToken = "waitForTaskToken"
# ok: hardcoded-password
masked_password = ":****"
# ok: hardcoded-password
RESOURCE_HASHES = {"AWS::SecretsManager::Secret": "ff2b807a577495b0"}
# ok: hardcoded-password
FILTERS = {"pass": "bandpass"}

CONFIG = {
    # ruleid: hardcoded-password
    "password": "hunter2",
    # ok: hardcoded-password
    "password_hint": "your pet's name",
}


# ruleid: hardcoded-password
def connect(host, user="admin", password="changeme"):
    return host, user, password


def login(user, password, token=None):
    # ruleid: hardcoded-password
    if password == "root":
        return True
    requests.post(
        "https://example.com/login",
        # ruleid: hardcoded-password
        auth_token="ghp_1234567890abcdefghijklmnopqrstuvwx",
    )
    # ruleid: hardcoded-password
    connect("db", password="Tr0ub4dor&3")
    # ok: hardcoded-password
    connect("db", password=password)
    # ok: hardcoded-password
    if token == "(":
        return False
    # ok: hardcoded-password
    connect("db", password="hunter22")  # nosec B106
    # ok: hardcoded-password
    connect("db", password="hunter22")  # noqa: S106
    return False


class Settings:
    # ruleid: hardcoded-password
    smtpPassword = "m4il-s3rv3r"

    def __init__(self):
        # ruleid: hardcoded-password
        self.password = "letmein!"


def _advised_fix_hardcoded_password():
    import os

    # fix: hardcoded-password
    password = os.environ["DB_PASSWORD"]
    return password
