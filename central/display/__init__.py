"""The hall display of a Mal Pelayanan Publik: ``/display/``."""
