from flask import Flask

app = Flask(__name__)

# todoruleid: csrf-disabled
WTF_CSRF_ENABLED = False

# ruleid: csrf-disabled
app.config["WTF_CSRF_ENABLED"] = False
# ruleid: csrf-disabled
app.config.update(SECRET_KEY="x", WTF_CSRF_CHECK_DEFAULT=False)
# fix: csrf-disabled
app.config["WTF_CSRF_ENABLED"] = True


class ProductionConfig:
    # ruleid: csrf-disabled
    WTF_CSRF_ENABLED = False


class TestingConfig:
    TESTING = True
    # ok: csrf-disabled
    WTF_CSRF_ENABLED = False
