from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "ok"


if __name__ == "__main__":
    # ruleid: flask-debug-true -- Bandit B201
    app.run(debug=True)
    # ruleid: flask-debug-true -- Bandit B201
    app.run(host="0.0.0.0", port=8080, debug=True)
