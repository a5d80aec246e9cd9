"""The wire contract: the pydantic records a device and the back office exchange.

Shared by the device side (sync, services) and the back office; depends only
on core.
"""
