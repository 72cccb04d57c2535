"""Kafka security settings (TLS, SASL) from the environment, as aiokafka keyword arguments.

One place so that `tocsin produce`, `tocsin subscribe` and the worker connect the same way to a secured cluster;
nothing is read from files other than the certificates named here. Documented in docs/subscribers.md.

    TOCSIN_KAFKA_SECURITY_PROTOCOL   PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL
    TOCSIN_KAFKA_SASL_MECHANISM      PLAIN (default), SCRAM-SHA-256 or SCRAM-SHA-512
    TOCSIN_KAFKA_SASL_USERNAME       required with SASL_*
    TOCSIN_KAFKA_SASL_PASSWORD       required with SASL_*
    TOCSIN_KAFKA_SSL_CAFILE          PEM bundle of the CAs to trust (default: the system store)
    TOCSIN_KAFKA_SSL_CERTFILE        client certificate (PEM) for mutual TLS
    TOCSIN_KAFKA_SSL_KEYFILE         its private key (PEM)
    TOCSIN_KAFKA_SSL_KEY_PASSWORD    password of the private key, if any
    TOCSIN_KAFKA_SSL_CHECK_HOSTNAME  true (default) or false
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from aiokafka.helpers import create_ssl_context

PREFIX = "TOCSIN_KAFKA_"
PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SecurityConfigError(ValueError):
    """The security settings are inconsistent; the message names the variable to fix."""


def security_kwargs(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """aiokafka keyword arguments (security_protocol, ssl_context, sasl_*) for AIOKafkaProducer/Consumer/Admin.

    Empty variables count as unset. Raises SecurityConfigError rather than connecting in clear text by mistake.
    """
    source = os.environ if env is None else env

    def get(name: str) -> str | None:
        value = source.get(PREFIX + name, "").strip()
        return value or None

    protocol = (get("SECURITY_PROTOCOL") or "PLAINTEXT").upper()
    if protocol not in PROTOCOLS:
        raise SecurityConfigError(
            f"{PREFIX}SECURITY_PROTOCOL={protocol!r}: expected one of {', '.join(PROTOCOLS)}"
        )
    kwargs: dict[str, Any] = {"security_protocol": protocol}
    uses_ssl = protocol in ("SSL", "SASL_SSL")
    uses_sasl = protocol.startswith("SASL_")

    ssl_vars = [n for n in ("SSL_CAFILE", "SSL_CERTFILE", "SSL_KEYFILE", "SSL_KEY_PASSWORD") if get(n)]
    if ssl_vars and not uses_ssl:
        raise SecurityConfigError(
            f"{', '.join(PREFIX + n for n in ssl_vars)} set but {PREFIX}SECURITY_PROTOCOL is {protocol}; "
            "use SSL or SASL_SSL"
        )
    if uses_ssl:
        for name in ("SSL_CAFILE", "SSL_CERTFILE", "SSL_KEYFILE"):
            path = get(name)
            if path is not None and not os.path.isfile(path):
                raise SecurityConfigError(f"{PREFIX}{name}={path!r}: no such file")
        if bool(get("SSL_CERTFILE")) != bool(get("SSL_KEYFILE")):
            raise SecurityConfigError(
                f"{PREFIX}SSL_CERTFILE and {PREFIX}SSL_KEYFILE go together (mutual TLS)"
            )
        context = create_ssl_context(
            cafile=get("SSL_CAFILE"),
            certfile=get("SSL_CERTFILE"),
            keyfile=get("SSL_KEYFILE"),
            password=get("SSL_KEY_PASSWORD"),
        )
        check = (get("SSL_CHECK_HOSTNAME") or "true").lower()
        if check not in _TRUE | _FALSE:
            raise SecurityConfigError(f"{PREFIX}SSL_CHECK_HOSTNAME={check!r}: expected true or false")
        context.check_hostname = check in _TRUE
        kwargs["ssl_context"] = context

    sasl_vars = [n for n in ("SASL_MECHANISM", "SASL_USERNAME", "SASL_PASSWORD") if get(n)]
    if sasl_vars and not uses_sasl:
        raise SecurityConfigError(
            f"{', '.join(PREFIX + n for n in sasl_vars)} set but {PREFIX}SECURITY_PROTOCOL is {protocol}; "
            "use SASL_PLAINTEXT or SASL_SSL"
        )
    if uses_sasl:
        mechanism = (get("SASL_MECHANISM") or "PLAIN").upper()
        if mechanism not in MECHANISMS:
            raise SecurityConfigError(
                f"{PREFIX}SASL_MECHANISM={mechanism!r}: expected one of {', '.join(MECHANISMS)}"
            )
        username, password = get("SASL_USERNAME"), get("SASL_PASSWORD")
        if username is None or password is None:
            raise SecurityConfigError(f"{protocol} needs {PREFIX}SASL_USERNAME and {PREFIX}SASL_PASSWORD")
        kwargs.update(sasl_mechanism=mechanism, sasl_plain_username=username, sasl_plain_password=password)
    return kwargs


def describe(kwargs: Mapping[str, Any]) -> str:
    """One line for logs, without secrets: 'SASL_SSL (SCRAM-SHA-512 as alice)'."""
    out = str(kwargs.get("security_protocol", "PLAINTEXT"))
    if "sasl_mechanism" in kwargs:
        out += f" ({kwargs['sasl_mechanism']} as {kwargs.get('sasl_plain_username')})"
    return out


def faust_credentials(env: Mapping[str, str] | None = None) -> Any | None:
    """The same settings for the worker: Faust's `broker_credentials` (None for PLAINTEXT)."""
    kwargs = security_kwargs(env)
    protocol = kwargs["security_protocol"]
    if protocol == "PLAINTEXT":
        return None
    import faust

    if protocol == "SSL":
        return faust.SSLCredentials(kwargs["ssl_context"])
    return faust.SASLCredentials(
        username=kwargs["sasl_plain_username"],
        password=kwargs["sasl_plain_password"],
        ssl_context=kwargs.get("ssl_context"),
        mechanism=kwargs["sasl_mechanism"],
    )
