"""Type stub of the native module coshare._coshare (see src/lib.rs)."""

import datetime
from decimal import Decimal
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union, final

from coshare import CoshareError

__all__ = ["RawLedger", "split_json", "validate_json", "__version__", "ERROR_CODES"]

__version__: str
ERROR_CODES: Tuple[str, ...]

_Date = Union[datetime.date, str]
_Number = Union[Decimal, int, str]

@final
class RawLedger:
    @staticmethod
    def from_json(text: Union[str, bytes, bytearray], extended: bool = False) -> RawLedger: ...
    @staticmethod
    def from_dict(document: Mapping[str, Any]) -> RawLedger: ...
    def with_records(self, records: Iterable[Mapping[str, Any]]) -> RawLedger: ...
    def with_columns(
        self,
        rows: int,
        columns: Iterable[Tuple[str, str, Union[List[Any], bytes]]],
        isna: Optional[Callable[[Any], Any]] = None,
        native: Optional[Callable[[Any], Any]] = None,
    ) -> RawLedger: ...
    def with_csv(self, text: str) -> RawLedger: ...
    @property
    def currency(self) -> Tuple[str, int]: ...
    @property
    def counts(self) -> Tuple[int, int, int]: ...
    def members(self) -> List[str]: ...
    def kinds(self) -> List[str]: ...
    def check(self) -> None: ...
    def split(
        self,
        start: _Date,
        end: _Date,
        amount: _Number,
        basis: Optional[str] = None,
        carry_in: Optional[Mapping[str, _Number]] = None,
    ) -> Dict[str, Any]: ...
    def bases(self, start: _Date, end: _Date, basis: Optional[str] = None) -> List[Tuple[str, str, str]]: ...
    def split_from_bases(
        self,
        start: _Date,
        end: _Date,
        amount: _Number,
        rows: List[Tuple[str, str, str]],
        basis: Optional[str] = None,
        carry_in: Optional[Mapping[str, _Number]] = None,
        json: bool = False,
    ) -> Any: ...
    def split_many(
        self, periods: Iterable[Tuple[_Date, _Date, _Number]], basis: Optional[str] = None
    ) -> List[Dict[str, Any]]: ...
    def shares(self, at: _Date) -> Dict[str, Any]: ...
    def explain(
        self, member: str, start: _Date, end: _Date, kinds: Optional[Sequence[str]] = None
    ) -> Dict[str, Any]: ...
    def curve(self, start: _Date, end: _Date, every: str) -> List[Dict[str, Any]]: ...
    def validation(self) -> Tuple[List[CoshareError], str]: ...
    def close(
        self,
        start: _Date,
        end: _Date,
        amount: _Number,
        id: str,
        date: _Date,
        basis: Optional[str] = None,
        carry_in: Optional[Mapping[str, _Number]] = None,
    ) -> str: ...
    def accounts(self, at: _Date) -> str: ...
    def statement(self, member: str, start: _Date, end: _Date) -> str: ...
    def notices(self, allocation: str) -> str: ...
    def journal(
        self,
        start: _Date,
        end: _Date,
        accounts: Optional[str] = None,
        format: Optional[str] = None,
    ) -> str: ...

def split_json(
    ledger_json: str, request_json: str, *, contributions_csv: Optional[str] = None
) -> str: ...

def validate_json(ledger_json: str) -> Tuple[List[CoshareError], str]: ...
