"""Evaluation harness behind `make eval`: runs `tocsin extract` on ../shared/eval and scores it."""
