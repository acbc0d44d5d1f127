"""Operations: encrypted backups and their restore."""
