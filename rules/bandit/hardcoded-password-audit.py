import psycopg2

# ruleid: hardcoded-password-audit -- a prompt
PASSWORD_PROMPT = "Password: "
# ruleid: hardcoded-password-audit -- an environment variable name
DB_PASSWORD = "DB_PASSWORD"


# ruleid: hardcoded-password-audit -- an empty default
def connect(host, user, password=""):
    # ruleid: hardcoded-password-audit
    conn = psycopg2.connect(host=host, user=user, password="")
    # ruleid: hardcoded-password-audit
    if password == "***":
        return None
    # ruleid: hardcoded-password-audit
    api_token = "<token>"
    # ruleid: hardcoded-password-audit -- a label
    token_type = "bearer"
    # ok: hardcoded-password-audit
    password_hint = f"{user}-hint"
    # ok: hardcoded-password-audit
    password = "***"  # nosec B105
    return conn, api_token, token_type, password_hint, password


# ruleid: hardcoded-password-audit
def login(user, passwd="changeme-later"):
    return user, passwd


def _advised_fix_hardcoded_password_audit():
    import os

    # fix: hardcoded-password-audit
    password = os.environ["DB_PASSWORD"]
    return password
