#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest abi:headers: every public header compiles on its own, included twice, as C99
# and as C++17 with -Wall -Wextra -pedantic -Werror; every header that declares
# functions wraps them in extern "C".
#
# Usage: check-headers.sh INCLUDE_DIRS WORK_DIR [CC [CXX]]
#   INCLUDE_DIRS: the public include directories, ':'-separated: abi/include and the build's
#   generated/include (socketx/constants.h). Each header is compiled with all of them.
set -u
IFS=: read -r -a incs <<<"${1:?include dirs}"
work=${2:?work dir}
cc=${3:-cc}
cxx=${4:-c++}

rm -rf "$work" && mkdir -p "$work" || exit 1
cflags=(-std=c99 -Wall -Wextra -pedantic -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow)
cxxflags=(-std=c++17 -Wall -Wextra -pedantic -Werror -Wshadow -Wold-style-cast -Wzero-as-null-pointer-constant)

include_flags=()
for inc in "${incs[@]}"; do include_flags+=(-I"$inc"); done

fail=0
count=0
while IFS=$'\t' read -r inc h; do
  rel=${h#"$inc"/}
  tu=$work/$(echo "$rel" | tr '/.' '__')
  # Twice, to check the include guard; plus one definition (ISO C forbids an empty unit).
  printf '#include <%s>\n#include <%s>\nint sx_header_test_anchor(void);\nint sx_header_test_anchor(void) { return 0; }\n' \
    "$rel" "$rel" >"$tu.c"
  cp "$tu.c" "$tu.cpp"
  if ! out=$("$cc" "${cflags[@]}" "${include_flags[@]}" -c "$tu.c" -o "$tu.c.o" 2>&1); then
    echo "FAIL $rel as C99:"; echo "$out"; fail=1
  fi
  if ! out=$("$cxx" "${cxxflags[@]}" "${include_flags[@]}" -c "$tu.cpp" -o "$tu.cpp.o" 2>&1); then
    echo "FAIL $rel as C++17:"; echo "$out"; fail=1
  fi
  if grep -q 'SX_API' "$h" && ! grep -q '^#define SX_API' "$h" && ! grep -q 'extern "C"' "$h"; then
    echo "FAIL $rel declares SX_API functions without extern \"C\""; fail=1
  fi
  count=$((count + 1))
done < <(for inc in "${incs[@]}"; do find "$inc" -name '*.h' -printf '%H\t%p\n' | sort; done)

if [ "$count" -eq 0 ]; then
  echo "FAIL no headers under ${incs[*]}"; exit 1
fi
if ! grep -q '^#define SX_AF_INET ' < <(cat "${incs[@]/%//socketx/constants.h}" 2>/dev/null); then
  echo "FAIL socketx/constants.h (generated) is not in ${incs[*]}, or has no SX_AF_INET"; fail=1
fi
[ "$fail" -eq 0 ] && echo "abi:headers OK: $count headers compile alone as C99 and C++17"
exit "$fail"
