"""iWmo 3.2 berichtenverkeer between the gemeente and providers.

Pure modules (no database, no HTTP): ``codes`` (code lists), ``xsd`` (the official schemas,
read from a configurable folder), ``berichten`` (building and parsing messages) and ``regels``
(the stateful rules with their WJ001 retourcodes, on plain values). ``bsn`` fetches the BSN
from toegang, ``models`` and ``service`` hold the mailbox, the verzoeken and the declaraties.
"""
