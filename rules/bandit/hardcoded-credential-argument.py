import ftplib
import os
import smtplib

import boto3
import paramiko
import psycopg2
from psycopg2 import connect as pg_connect


def open_db(host):
    # ruleid: hardcoded-credential-argument
    conn = psycopg2.connect(host=host, user="app", password="Pg-s3cret-2024")
    # ruleid: hardcoded-credential-argument
    other = pg_connect(host=host, user="app", password="changeme")
    return conn, other


def s3():
    return boto3.client(
        "s3",
        aws_access_key_id="AKIAIOSFODNN7ABCDEFG",
        # ruleid: hardcoded-credential-argument
        aws_secret_access_key="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",
    )


def notify(host, user):
    server = smtplib.SMTP(host, 587)
    server.starttls()
    # ruleid: hardcoded-credential-argument
    server.login(user, "m4il-pa55word")
    ftp = ftplib.FTP(host)
    # ruleid: hardcoded-credential-argument
    ftp.login("anonymous-uploader", "ftp-Upl0ad!")
    return server, ftp


def ssh(host):
    client = paramiko.SSHClient()
    # ruleid: hardcoded-credential-argument
    client.connect(host, username="deploy", password="d3ploy-key!")
    return client


def placeholders(host, user, server):
    # ok: hardcoded-credential-argument
    psycopg2.connect(host=host, password="")
    # ok: hardcoded-credential-argument
    psycopg2.connect(host=host, password="***")
    # ok: hardcoded-credential-argument
    psycopg2.connect(host=host, password="<password>")
    # ok: hardcoded-credential-argument
    psycopg2.connect(host=host, password=None)
    # ok: hardcoded-credential-argument
    server.login(user, os.environ["SMTP_PASSWORD"])
    # ok: hardcoded-credential-argument
    some_client(host, password="n0t-a-kn0wn-api")


def some_client(host, password):
    return host, password


def open_db_fixed(host):
    # fix: hardcoded-credential-argument
    return psycopg2.connect(host=host, user="app", password=os.environ["DB_PASSWORD"])
