// SPDX-License-Identifier: MIT
package org.libsocketx;

import static org.junit.jupiter.api.Assertions.*;

import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** sendmsg_afalg: live where the kernel has AF_ALG; its argument checks and data path everywhere. */
class AlgSendTest {
    @Test void sha256WhereTheKernelHasAlg() throws Exception {
        Socket alg;
        try {
            alg = Socket.open(AlgAddress.AF_ALG, SocketX.SOCK_SEQPACKET, 0);
        } catch (SocketException e) {
            assertEquals(SocketX.errorCode("SX_EAFNOSUPPORT"), SocketXErrors.status(e), e.toString());
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "this kernel lacks AF_ALG (the crypto user API)");
            return;
        }
        try (alg) {
            alg.bind(AlgAddress.of("hash", "sha256"));
            try (Socket op = alg.accept().socket()) {
                op.sendMessageAfAlg("abc".getBytes(StandardCharsets.US_ASCII), -1, null);
                byte[] digest = op.recv(32);
                assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                    java.util.HexFormat.of().formatHex(digest));
            }
        }
    }

    /** On another family the call is refused before anything is sent, as CPython refuses it. */
    @Test void refusedOnAnotherFamily() throws Exception {
        try (SocketX.Pair p = SocketX.socketpair(SocketX.AF_UNIX, SocketX.SOCK_DGRAM, 0)) {
            ByteBuffer a = ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.first().sendMessageAfAlg(new ByteBuffer[] {a}, AlgAddress.ALG_OP_ENCRYPT, new byte[16], 0, 0));
            assertTrue(((SocketXStatus) e).detail().contains("only supported for AF_ALG"), ((SocketXStatus) e).detail());
            assertEquals(2, a.remaining(), "nothing sent, nothing consumed");
            assertEquals(SocketXErrors.SX_EARG, SocketXErrors.status(assertThrows(IllegalArgumentException.class,
                () -> p.first().sendMessageAfAlg(new ByteBuffer[0], -1, null, -2, 0))));
        }
    }
}
