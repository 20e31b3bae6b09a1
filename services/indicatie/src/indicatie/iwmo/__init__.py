"""iWmo 3.2 adapters: the official XSDs read from a configurable folder (``xsd``) and the
BSN source in toegang (``bsn``). The pure message code is in ``domain/iwmo``, the tables in
``models/iwmo.py``, the use cases in ``service/iwmo``.
"""
