package dev.registry.membership.atomix;

import io.atomix.primitive.PrimitiveBuilder;
import io.atomix.primitive.PrimitiveManagementService;
import io.atomix.primitive.PrimitiveType;
import io.atomix.primitive.config.PrimitiveConfig;
import io.atomix.primitive.service.PrimitiveService;
import io.atomix.primitive.service.ServiceConfig;

/**
 * The Raft service type of the membership record. Registered with our own RaftServer only; the record is
 * opened through a RaftClient session, never through Atomix's primitive builders (there is no Atomix
 * core instance here, see consensus/README.md), so {@link #newBuilder} refuses.
 */
@SuppressWarnings("rawtypes")
final class RecordPrimitiveType implements PrimitiveType {
    static final String NAME = "registry-membership-record";
    static final RecordPrimitiveType INSTANCE = new RecordPrimitiveType();

    private RecordPrimitiveType() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PrimitiveConfig newConfig() {
        return new RecordConfig();
    }

    @Override
    public PrimitiveBuilder newBuilder(String primitiveName, PrimitiveConfig config,
                                       PrimitiveManagementService managementService) {
        throw new IllegalStateException("the membership record is opened with a RaftClient session, "
                + "not an Atomix primitive builder");
    }

    @Override
    public PrimitiveService newService(ServiceConfig config) {
        return new RecordService();
    }

    @Override
    public String toString() {
        return NAME;
    }

    /** Atomix wants a config type per primitive type; the record has no options. */
    static final class RecordConfig extends PrimitiveConfig<RecordConfig> {
        @Override
        public PrimitiveType getType() {
            return INSTANCE;
        }
    }
}
