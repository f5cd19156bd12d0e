import os

import boto3
import botocore.session
from azure.identity import ClientSecretCredential
from github import Github
from openai import OpenAI
from slack_sdk import WebClient


def s3_client(region):
    session = boto3.Session()
    # ruleid: sdk-secret-literal
    return session.client("s3", region, aws_access_key_id="AKIAIOSFODNN7ABCDEFG", aws_secret_access_key="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")


def raw_botocore():
    # ruleid: sdk-secret-literal
    return botocore.session.get_session().create_client("sqs", aws_secret_access_key="u8Fq2kLx9PzR0aVbN3mC7tYw1eHs5dJg4oKi6nQe")


def azure(tenant, client_id):
    # ruleid: sdk-secret-literal
    return ClientSecretCredential(tenant, client_id, "Qh78Q~yNf3mK2pL9vXc.RtZ0aW4bE6sD1gH5jU8")


def apis():
    # ruleid: sdk-secret-literal
    llm = OpenAI(api_key="sk-proj-4fJ2kL9mN3pQ7rS1tU5vW8xY0zA6bC")
    # ruleid: sdk-secret-literal
    slack = WebClient(token="xoxb-2048-4096-Ab3dEf6hIj9kLm2nOp5qRs8t")
    # ruleid: sdk-secret-literal
    gh = Github("ghp_16C7e42F292c6912E7710c838347Ae178B4a")
    return llm, slack, gh


def ok_cases(region):
    session = boto3.Session()
    # ok: sdk-secret-literal
    a = session.client("s3", "us-east-1")
    # ok: sdk-secret-literal
    b = OpenAI(api_key="<your-api-key>")
    # ok: sdk-secret-literal
    c = WebClient(token=os.environ["SLACK_BOT_TOKEN"])
    # ok: sdk-secret-literal
    d = session.client("s3", region, aws_secret_access_key="YOUR_SECRET_KEY_HERE")
    return a, b, c, d


def _advised_fix_sdk_secret_literal():
    # fix: sdk-secret-literal
    return WebClient(token=os.environ["SLACK_BOT_TOKEN"])
