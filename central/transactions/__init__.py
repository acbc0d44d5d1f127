"""Citizens' requests at central: their workflow, their receipts' outcomes, queue numbers."""
