// Probe for the layering tests: includes a header of the top layer. Compiled with envs/' or
// common/'s include root it must not compile; with apps/' root it must.
#include "apps/version.h"

int main() { return 0; }
