from typing import Literal

TokensListScope = Literal["own", "tenant"]

TOKENS_LIST_SCOPE_VALUES: set[TokensListScope] = {
    "own",
    "tenant",
}


def check_tokens_list_scope(value: str) -> TokensListScope:
    if value in TOKENS_LIST_SCOPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TOKENS_LIST_SCOPE_VALUES!r}")
