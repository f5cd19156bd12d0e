import psycopg2


def connect(host):
    # ruleid: hardcoded-credential-argument -- Bandit B106
    return psycopg2.connect(host=host, user="app", password="Pg-s3cret-99")


def login(client):
    # ruleid: hardcoded-password -- Bandit B106
    client.authenticate(username="admin", password="Adm1n-2024!")
