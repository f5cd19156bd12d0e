# ruleid: hardcoded-password -- Bandit B105
DB_PASSWORD = "s3cr3t-Passw0rd"
# ruleid: hardcoded-password -- Bandit B105
api_token = "tok_9f8e7d6c5b4a"


class Settings:
    # ruleid: hardcoded-password -- Bandit B105
    admin_password = "letmein-2024"


def check(password):
    # ruleid: hardcoded-password-audit -- Bandit B105
    if password == "hunter2-secret":
        return True
    return False
