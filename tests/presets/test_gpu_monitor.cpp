// GpuMonitor: the /proc fallback parses VmRSS, a sample always reports process memory, and without an
// NVIDIA driver the monitor says why instead of failing.
#include "core/gpu/gpu_monitor.h"

#include <QTest>

#include <vector>

using namespace i2v;

class TestGpuMonitor : public QObject {
    Q_OBJECT
private slots:
    void parsesVmRss()
    {
        QCOMPARE(parseVmRssBytes("Name:\tx\nVmPeak:\t  999 kB\nVmRSS:\t  2048 kB\nThreads: 3\n"), std::int64_t(2048) * 1024);
        QCOMPARE(parseVmRssBytes("Name:\tx\n"), std::int64_t(0));
        QCOMPARE(parseVmRssBytes("VmRSS: garbage\n"), std::int64_t(0));
    }

    void autoDevicePicksTheMostFreeGpu()
    {
        QCOMPARE(mostFreeGpu({}), -1);
        QCOMPARE(mostFreeGpu({5}), 0);
        QCOMPARE(mostFreeGpu({3, 9, 9, 1}), 1); // the first of equals
        QCOMPARE(mostFreeGpu({std::int64_t(80) << 30, std::int64_t(2) << 30}), 0);
        // Without a driver there is nothing to pick from (and nothing is made up).
        GpuMonitor monitor;
        if (!monitor.hasGpu())
            QVERIFY(gpuFreeBytes().empty());
        else
            QVERIFY(!gpuFreeBytes().empty());
    }

    void sampleReportsProcessMemory()
    {
        std::vector<char> block(64 << 20, 1); // touch 64 MiB so RSS is clearly above it
        GpuMonitor monitor;
        const GpuMemorySample s = monitor.sample();
        QVERIFY(s.processRssBytes >= std::int64_t(64) << 20);
        QCOMPARE(s.hasGpu, monitor.hasGpu());
        if (monitor.hasGpu()) {
            QVERIFY(s.deviceTotalBytes > 0);
            QVERIFY(s.deviceUsedBytes <= s.deviceTotalBytes);
            qInfo("GPU: %s, %lld of %lld MiB", s.deviceName.c_str(), (long long)(s.deviceUsedBytes >> 20),
                  (long long)(s.deviceTotalBytes >> 20));
        } else {
            QVERIFY(!monitor.unavailableReason().empty());
            QCOMPARE(s.deviceTotalBytes, std::int64_t(0));
            qInfo("no GPU: %s", monitor.unavailableReason().c_str());
        }
        QVERIFY(block[12345] == 1);
    }

    void allocatorHookIsUsed()
    {
        GpuMonitor monitor;
        QVERIFY(!monitor.sample().allocator.known());
        GpuMonitor::setAllocatorStatsHook([] { return AllocatorReading{4242, 8192, 6000}; });
        const AllocatorReading r = monitor.sample().allocator;
        QCOMPARE(r.allocatedBytes, std::int64_t(4242));
        QCOMPARE(r.reservedBytes, std::int64_t(8192));
        QCOMPARE(r.peakAllocatedBytes, std::int64_t(6000));
        GpuMonitor::setAllocatorStatsHook(nullptr);
        QVERIFY(!monitor.sample().allocator.known());
    }
};

QTEST_GUILESS_MAIN(TestGpuMonitor)
#include "test_gpu_monitor.moc"
