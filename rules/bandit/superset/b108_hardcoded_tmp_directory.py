import json

# ruleid: hardcoded-tmp-path -- Bandit B108
CACHE = "/tmp/app-cache.json"


def save(data):
    # ruleid: hardcoded-tmp-path -- Bandit B108
    with open("/tmp/report.txt", "w") as f:
        f.write(data)
    # ruleid: hardcoded-tmp-path -- Bandit B108
    with open("/var/tmp/state.json", "w") as f:
        json.dump(data, f)
