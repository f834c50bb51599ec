#ifndef OVERSUB_CNUMA_SHIM_H
#define OVERSUB_CNUMA_SHIM_H
#include <numa.h>
#include <numaif.h>
#endif
