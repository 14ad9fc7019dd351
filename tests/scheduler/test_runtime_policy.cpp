// Device/dtype policy (a pure function) and the translation of torch failures into I2vError codes.
#include "core/engine/api/runtime_info.h"
#include "core/engine/runtime/device.h"
#include "core/engine/runtime/errors.h"

#include <QtTest>

#include <filesystem>
#include <new>

#include <dlfcn.h>

using namespace i2v;

namespace {
template <typename F>
I2vError caught(F&& f)
{
    try {
        f();
    } catch (const I2vError& e) {
        return e;
    }
    return I2vError(ErrorCode::Ok, "");
}
} // namespace

class TestRuntimePolicy : public QObject {
    Q_OBJECT

private slots:
    void autoPicksCudaHalfWhenPresent()
    {
        const DeviceChoice gpu = chooseDevice("auto", "auto", 1);
        QVERIFY(gpu.device.is_cuda());
        QCOMPARE(gpu.dtype, torch::kFloat16);
        QCOMPARE(gpu.describe(), std::string("cuda:0 float16"));
        const DeviceChoice cpu = chooseDevice("auto", "auto", 0);
        QVERIFY(cpu.device.is_cpu());
        QCOMPARE(cpu.dtype, torch::kFloat32);
        QCOMPARE(cpu.describe(), std::string("cpu float32"));
    }

    void bfloat16WhenTheModelAsksAndTheGpuCan()
    {
        QVERIFY(chooseDevice("auto", "auto", 1, /*preferBf16=*/true, /*bf16Supported=*/true).dtype == torch::kBFloat16);
        QVERIFY(chooseDevice("auto", "auto", 1, true, false).dtype == torch::kFloat16);  // e.g. a Turing card
        QVERIFY(chooseDevice("auto", "auto", 1, false, true).dtype == torch::kFloat16);  // I2VGen-XL: float16
        QVERIFY(chooseDevice("auto", "auto", 0, true, true).dtype == torch::kFloat32);   // CPU
        QVERIFY(chooseDevice("cuda", "float16", 1, true, true).dtype == torch::kFloat16); // explicit wins
        QVERIFY(chooseDevice("cpu", "bfloat16", 1).dtype == torch::kBFloat16);         // bf16 works on the CPU
    }

    void explicitChoices()
    {
        QCOMPARE(chooseDevice("cuda:1", "float32", 2).device.index(), 1);
        QCOMPARE(chooseDevice("cuda", "bfloat16", 1).dtype, torch::kBFloat16);
        QVERIFY(chooseDevice("cpu", "auto", 4).device.is_cpu());
        QCOMPARE(chooseDevice("cpu", "bfloat16", 0).dtype, torch::kBFloat16);
    }

    void refusals()
    {
        QCOMPARE(caught([] { chooseDevice("cuda", "auto", 0); }).code(), ErrorCode::DeviceUnavailable);
        QCOMPARE(caught([] { chooseDevice("cuda:2", "auto", 2); }).code(), ErrorCode::DeviceUnavailable);
        QCOMPARE(caught([] { chooseDevice("cuda:x", "auto", 2); }).code(), ErrorCode::InvalidArgument);
        QCOMPARE(caught([] { chooseDevice("tpu", "auto", 0); }).code(), ErrorCode::InvalidArgument);
        QCOMPARE(caught([] { chooseDevice("cpu", "float8", 0); }).code(), ErrorCode::InvalidArgument);
        QCOMPARE(caught([] { chooseDevice("cpu", "float16", 0); }).code(), ErrorCode::InvalidArgument);
    }

    void torchErrorsAreTranslated()
    {
        const I2vError shape = caught([] {
            withTorchErrors("UNet step 1/3", [] { return torch::ones({2}).view({3}); });
        });
        QCOMPARE(shape.code(), ErrorCode::Internal);
        QVERIFY(std::string(shape.what()).rfind("UNet step 1/3: ", 0) == 0);
        QVERIFY(std::string(shape.what()).find('\n') == std::string::npos); // no backtrace

        const I2vError oom = caught([] {
            withTorchErrors("decode", []() -> int {
                TORCH_CHECK_WITH(OutOfMemoryError, false, "CUDA out of memory. Tried to allocate 2.00 GiB");
                return 0;
            });
        });
        QCOMPARE(oom.code(), ErrorCode::OutOfMemory);
        QVERIFY(std::string(oom.what()).find("decode") != std::string::npos);

        QCOMPARE(caught([] { withTorchErrors("x", []() -> int { throw std::bad_alloc(); }); }).code(),
                 ErrorCode::OutOfMemory);
        const I2vError passthrough = caught([] {
            withTorchErrors("x", []() -> int { fail(ErrorCode::Cancelled, "cancelled by the user"); });
        });
        QCOMPARE(passthrough.code(), ErrorCode::Cancelled);
        QCOMPARE(std::string(passthrough.what()), std::string("cancelled by the user"));
    }

    void messageClassification()
    {
        QCOMPARE(classifyTorchMessage("DefaultCPUAllocator: can't allocate memory: you tried to allocate 1 bytes"),
                 ErrorCode::OutOfMemory);
        QCOMPARE(classifyTorchMessage("Torch not compiled with CUDA enabled"), ErrorCode::DeviceUnavailable);
        QCOMPARE(classifyTorchMessage("shape '[3]' is invalid for input of size 2"), ErrorCode::Internal);
    }

    // The CUDA backend: compiled in (this LibTorch has CUDA), loaded at start-up only with an NVIDIA driver.
    // Without one the reason is given; either way the library and everything it needs are present and
    // load (the check a user's GPU machine depends on, made here on every CI run).
    void cudaBackendIsThereAndLoadsWithADriver()
    {
#ifndef I2V_TORCH_CUDA
        QSKIP("this LibTorch has no CUDA");
#else
        std::string why;
        const bool loaded = loadCudaBackend(&why);
        const bool driver = ::dlopen("libcuda.so.1", RTLD_LAZY | RTLD_NOLOAD) != nullptr ||
                            ::dlopen("libcuda.so.1", RTLD_LAZY) != nullptr;
        QCOMPARE(loaded, driver);
        const std::string summary = runtimeSummary();
        qInfo("%s", summary.c_str());
        QVERIFY(summary.find("LibTorch 2.") == 0);
        if (!loaded) {
            QVERIFY(why.find("libcuda.so.1") != std::string::npos);
            QVERIFY(summary.find("not loaded") != std::string::npos);
            QVERIFY(!cudaAllocatorStats(0).valid); // nothing is asked of CUDA without the backend
        }
        Dl_info info{};
        QVERIFY(::dladdr(reinterpret_cast<void*>(&at::set_num_threads), &info) != 0);
        const auto library = std::filesystem::path(info.dli_fname).parent_path() / "libtorch_cuda.so";
        void* handle = ::dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
        QVERIFY2(handle != nullptr, ::dlerror());
#endif
    }

    void memoryFiguresOnCpu()
    {
        QVERIFY(memoryInUseBytes(torch::kCPU) > 0);
        resetPeakMemory(torch::kCPU);
        const std::int64_t before = peakMemoryBytes(torch::kCPU);
        QVERIFY(before > 0);
        torch::Tensor big = torch::ones({16, 1024, 1024}); // 64 MiB, touched
        QVERIFY(peakMemoryBytes(torch::kCPU) >= before + 48ll * 1024 * 1024);
        QVERIFY(big.sum().item<double>() > 0);
    }
};

QTEST_GUILESS_MAIN(TestRuntimePolicy)
#include "test_runtime_policy.moc"
