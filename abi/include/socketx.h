/* SPDX-License-Identifier: MIT */
/*
 * socketx.h - libsocketx, every operation of Python's socket module as a stable C ABI.
 * Include this header; it includes the area headers under socketx/.
 */
#ifndef SOCKETX_H
#define SOCKETX_H

#include "socketx/common.h"
#include "socketx/errors.h"
#include "socketx/constants.h"
#include "socketx/version.h"
#include "socketx/addr.h"
#include "socketx/socket.h"
#include "socketx/list.h"
#include "socketx/convert.h"
#include "socketx/resolve.h"
#include "socketx/netif.h"
#include "socketx/connect.h"
#include "socketx/msg.h"
#include "socketx/multicast.h"
#include "socketx/family/netlink.h"
#include "socketx/family/packet.h"
#include "socketx/family/vsock.h"
#include "socketx/family/can.h"
#include "socketx/family/alg.h"
#include "socketx/family/tipc.h"
#include "socketx/family/qipcrtr.h"
#include "socketx/family/bluetooth.h"
#include "socketx/family/elsewhere.h"

#endif
