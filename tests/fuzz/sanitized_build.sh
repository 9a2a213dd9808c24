# Sourced by the fuzz scripts: configures the build directory given as $1 with clang, libFuzzer,
# AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer (so every script's targets can
# share one directory's libraries), and sets the sanitizers' run-time options.
configure_sanitized_build() {
  local sanitizers="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  CC=clang CXX=clang++ cmake -S "$root" -B "$1" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFABER_FUZZ=ON \
    -DFABER_BUILD_TESTS=ON -DCMAKE_CXX_FLAGS="$sanitizers" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
}
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1
