package io.moebench.vulkan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moebench.core.InputException;
import io.moebench.core.spi.BackendConfig;
import io.moebench.core.verify.PlantedBug;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VulkanOptionsTest {

  @Test
  void defaultsAreAutoPathBestDeviceNoValidation() {
    VulkanOptions o = VulkanOptions.parse(BackendConfig.DEFAULT);
    assertThat(o.path()).isEmpty();
    assertThat(o.device()).isEmpty();
    assertThat(o.subgroupSize()).isEmpty();
    assertThat(o.validation()).isEqualTo("off");
    assertThat(o.flushBytes()).isEmpty();
    assertThat(o.plantedBug()).isEmpty();
    assertThat(o.dedicated()).isEqualTo(DeviceBuffer.Dedication.PREFERRED);
    assertThat(o.weightAlign()).isEqualTo(16);
    assertThat(o.blocks()).isEqualTo(1);
    assertThat(o.splitK()).isEqualTo(1);
  }

  @Test
  void readsEveryOption() {
    VulkanOptions o = VulkanOptions.parse(BackendConfig.parse(
        "path=Coopmat,device=1,subgroup=64,validation=auto,flush-mb=512,plant-bug=Wrong-Scale-Group,dedicated=TRUE,"
            + "weight-align=2097152,blocks=4,split-k=8"));
    assertThat(o.path()).contains(MatrixPath.COOPMAT);
    assertThat(o.device()).isEqualTo(Optional.of(1));
    assertThat(o.subgroupSize()).isEqualTo(Optional.of(64));
    assertThat(o.validation()).isEqualTo("auto");
    assertThat(o.flushBytes()).contains(512L << 20);
    assertThat(o.plantedBug()).contains(PlantedBug.WRONG_SCALE_GROUP);
    assertThat(o.dedicated()).isEqualTo(DeviceBuffer.Dedication.ALWAYS);
    assertThat(o.weightAlign()).isEqualTo(2L << 20);
    assertThat(o.blocks()).isEqualTo(4);
    assertThat(o.splitK()).isEqualTo(8);
    assertThat(o.direct()).as("auto").isEmpty();
    assertThat(VulkanOptions.parse(BackendConfig.parse("direct=1")).direct()).contains(true);
    assertThat(VulkanOptions.parse(BackendConfig.parse("direct=0")).direct()).contains(false);
    assertThat(VulkanOptions.parse(BackendConfig.parse("dedicated=false")).dedicated())
        .isEqualTo(DeviceBuffer.Dedication.REQUIRED);
    assertThat(VulkanOptions.parse(BackendConfig.parse("path=portable")).path()).contains(MatrixPath.PORTABLE);
    assertThat(VulkanOptions.parse(BackendConfig.parse("path=coopmat-emulated")).path()).contains(MatrixPath.COOPMAT_EMULATED);
  }

  @Test
  void refusesUnknownKeysAndValuesNamingWhatIsAllowed() {
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("wave=32")))
        .isInstanceOf(InputException.class)
        .hasMessage("unknown vulkan option 'wave': allowed keys are device, path, subgroup, validation, flush-mb, plant-bug, "
            + "dedicated, weight-align, blocks, direct, split-k");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("path=wmma")))
        .isInstanceOf(InputException.class).hasMessage("vulkan option path=wmma: allowed values are auto, portable, coopmat, coopmat-emulated");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("device=-1")))
        .isInstanceOf(InputException.class).hasMessageContaining("device=-1");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("device=gpu")))
        .isInstanceOf(InputException.class).hasMessageContaining("not a whole number");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("subgroup=48")))
        .isInstanceOf(InputException.class).hasMessageContaining("powers of two");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("validation=yes")))
        .isInstanceOf(InputException.class).hasMessage("vulkan option validation=yes: allowed values are off, on, auto");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("flush-mb=0")))
        .isInstanceOf(InputException.class).hasMessage("vulkan option flush-mb=0: allowed values are 1 and up (MiB)");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("plant-bug=nibbles")))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("unknown plant-bug 'nibbles': allowed values are swapped-nibbles,");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("dedicated=yes")))
        .isInstanceOf(InputException.class).hasMessage("vulkan option dedicated=yes: allowed values are auto, true, false");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("weight-align=3000")))
        .isInstanceOf(InputException.class)
        .hasMessage("vulkan option weight-align=3000: allowed values are powers of two from 16 to 2097152 (bytes)");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("weight-align=8")))
        .isInstanceOf(InputException.class).hasMessageContaining("weight-align=8");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("blocks=3")))
        .isInstanceOf(InputException.class).hasMessage("vulkan option blocks=3: allowed values are [1, 2, 4]");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("direct=yes")))
        .isInstanceOf(InputException.class).hasMessage("vulkan option direct=yes: allowed values are auto, 0, 1");
    assertThatThrownBy(() -> VulkanOptions.parse(BackendConfig.parse("split-k=3")))
        .isInstanceOf(InputException.class).hasMessage("vulkan option split-k=3: allowed values are [1, 2, 4, 8]");
  }
}
