// SPDX-License-Identifier: MIT
package org.libsocketx;

import java.io.IOException;
import org.libsocketx.internal.SxNative;

/**
 * An AF_HYPERV address (Windows): Python's (vm_id, service_id), both UUID text. On other
 * systems every call throws a {@link SocketXErrors.SocketError} with SX_ENOTSUP, so code and
 * binding are the same everywhere.
 */
public final class HyperVAddress extends Address {
    private static final long serialVersionUID = 1L;

    /** AF_HYPERV on this system (-1 where it has none, as on Linux). */
    public static final int AF_HYPERV = afValue("AF_HYPERV");

    /** This family's entry in the {@link AddressRegistry}. */
    static final AddressRegistry.Family FAMILY = new AddressRegistry.Family(AF_HYPERV, HyperVAddress::read);

    private final transient String vmId;
    private final transient String serviceId;

    private HyperVAddress(long handle, String vmId, String serviceId) {
        super(handle);
        this.vmId = vmId;
        this.serviceId = serviceId;
    }

    static HyperVAddress read(long h) throws IOException {
        String[] vm = new String[1], service = new String[1];
        SxNative.sx_addr_hyperv_id(h, 0, vm);
        SxNative.sx_addr_hyperv_id(h, 1, service);
        return new HyperVAddress(h, vm[0], service[0]);
    }

    /**
     * UUID texts "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".
     *
     * @param vmId the VM id (a GUID)
     * @param serviceId the service id (a GUID)
     * @return the address
     * @throws IOException when libsocketx reports a failure: the exception that
     *     {@link SocketXErrors} maps its status to
     */
    public static HyperVAddress of(String vmId, String serviceId) throws IOException {
        return wrap(make(out -> SxNative.sx_addr_hyperv(vmId, serviceId, out)), HyperVAddress::read);
    }

    /**
     * The VM id, a GUID in text form.
     *
     * @return the VM id
     */
    public String vmId() { return vmId; }

    /**
     * The service id, a GUID in text form.
     *
     * @return the service id
     */
    public String serviceId() { return serviceId; }
}
