"""Kafka security settings from TOCSIN_KAFKA_*: consistent combinations become aiokafka kwargs, others fail early."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from tocsin.clients.security import SecurityConfigError, describe, security_kwargs


def test_default_is_plaintext() -> None:
    assert security_kwargs({}) == {"security_protocol": "PLAINTEXT"}


def test_sasl_ssl_with_scram(tmp_path: Path) -> None:
    kwargs = security_kwargs(
        {
            "TOCSIN_KAFKA_SECURITY_PROTOCOL": "sasl_ssl",
            "TOCSIN_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
            "TOCSIN_KAFKA_SASL_USERNAME": "alice",
            "TOCSIN_KAFKA_SASL_PASSWORD": "s3cret",
            "TOCSIN_KAFKA_SSL_CHECK_HOSTNAME": "false",
        }
    )
    assert kwargs["security_protocol"] == "SASL_SSL"
    assert kwargs["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (kwargs["sasl_plain_username"], kwargs["sasl_plain_password"]) == ("alice", "s3cret")
    assert isinstance(kwargs["ssl_context"], ssl.SSLContext)
    assert kwargs["ssl_context"].check_hostname is False
    assert "s3cret" not in describe(kwargs)
    assert describe(kwargs) == "SASL_SSL (SCRAM-SHA-512 as alice)"


def test_ssl_checks_hostnames_by_default() -> None:
    kwargs = security_kwargs({"TOCSIN_KAFKA_SECURITY_PROTOCOL": "SSL"})
    assert kwargs["ssl_context"].check_hostname is True
    assert "sasl_mechanism" not in kwargs


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"TOCSIN_KAFKA_SECURITY_PROTOCOL": "TLS"}, "SECURITY_PROTOCOL"),
        ({"TOCSIN_KAFKA_SECURITY_PROTOCOL": "SASL_SSL"}, "SASL_USERNAME"),
        ({"TOCSIN_KAFKA_SASL_USERNAME": "alice"}, "SASL_USERNAME"),  # SASL set but protocol is PLAINTEXT
        ({"TOCSIN_KAFKA_SSL_CAFILE": "/etc/ca.pem"}, "SSL_CAFILE"),  # TLS set but protocol is PLAINTEXT
        (
            {"TOCSIN_KAFKA_SECURITY_PROTOCOL": "SSL", "TOCSIN_KAFKA_SSL_CAFILE": "/nonexistent.pem"},
            "no such file",
        ),
        (
            {
                "TOCSIN_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
                "TOCSIN_KAFKA_SASL_MECHANISM": "KERBEROS",
                "TOCSIN_KAFKA_SASL_USERNAME": "a",
                "TOCSIN_KAFKA_SASL_PASSWORD": "b",
            },
            "SASL_MECHANISM",
        ),
    ],
)
def test_inconsistent_settings_name_the_variable(env: dict[str, str], names: str) -> None:
    with pytest.raises(SecurityConfigError, match=names):
        security_kwargs(env)


def test_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOCSIN_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("TOCSIN_KAFKA_SASL_USERNAME", "bob")
    monkeypatch.setenv("TOCSIN_KAFKA_SASL_PASSWORD", "pw")
    assert security_kwargs()["sasl_mechanism"] == "PLAIN"


def test_worker_gets_the_same_settings_as_faust_credentials(tmp_path: Path) -> None:
    import faust

    from tocsin.clients.security import faust_credentials

    assert faust_credentials({}) is None
    sasl = faust_credentials(
        {
            "TOCSIN_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "TOCSIN_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
            "TOCSIN_KAFKA_SASL_USERNAME": "alice",
            "TOCSIN_KAFKA_SASL_PASSWORD": "secret",
        }
    )
    assert isinstance(sasl, faust.SASLCredentials)
    assert sasl.username == "alice" and str(sasl.mechanism.value) == "SCRAM-SHA-512"
    assert sasl.ssl_context is None
    tls = faust_credentials({"TOCSIN_KAFKA_SECURITY_PROTOCOL": "SSL"})
    assert isinstance(tls, faust.SSLCredentials)
    app = faust.App("credentials-check", broker="kafka://127.0.0.1:1")
    app.conf.broker_credentials = sasl
    assert app.conf.broker_credentials is sasl
