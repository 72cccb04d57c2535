"""Tocsin: attack incidents from news, in real time."""
