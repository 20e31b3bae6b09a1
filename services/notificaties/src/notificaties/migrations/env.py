from notificaties.models import Base
from wmokernel.migrations import run_env

run_env(Base.metadata)
