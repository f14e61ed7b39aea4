"""Pure computational kernels: plain values in, frozen dataclasses out; no Django, no I/O.

Modules: ``identifiers`` (GB 32100 unified social credit codes).
"""
