"""Regions, kiosks and back-office users: who may call the API and who may work in the office."""
