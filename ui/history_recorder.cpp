#include "ui/history_recorder.h"

#include "core/base/error.h"
#include "core/service/history.h"
#include "core/service/history_recording.h"
#include "core/service/job_types.h"
#include "core/service/weight_hashes.h"
#include "ui/async.h"

#include <QDir>

namespace i2v {
namespace ui {

HistoryRecorder::HistoryRecorder(HistoryStore* store, const QString& dataFolder, QObject* parent)
    : QObject(parent), m_store(store), m_dataFolder(dataFolder),
      m_hashes(std::make_shared<WeightHashCache>(weightHashFileIn(dataFolder.toStdString()))),
      m_stop(std::make_shared<std::atomic<bool>>(false))
{
}

HistoryRecorder::~HistoryRecorder() { m_stop->store(true); }

QString HistoryRecorder::record(const GenerationRequest& request, std::shared_ptr<const JobOutcome> outcome,
                                const CostSettings& cost)
{
    // The entries are the service's (core/service/history_recording.h); only the threads are the window's.
    std::vector<HistoryEntry> entries = historyEntriesFor(request, *outcome, cost);
    const QString job = entries.front().bestOf ? QString::fromStdString(entries.front().bestOf->job) : QString();
    if (!job.isEmpty())
        m_pendingPicks.insert(job, 0); // 0: no pick changed yet
    ++m_inFlight;
    runAsync<std::vector<HistoryEntry>>(
        this,
        [entries = std::move(entries), outcome, hashes = m_hashes, stop = m_stop, modelDir = request.modelDir,
         dataFolder = m_dataFolder.toStdString()]() mutable {
            for (HistoryEntry& entry : entries) // the weights are hashed once; the others hit the cache
                completeHistoryEntry(entry, *outcome, modelDir, dataFolder, *hashes, [stop] { return stop->load(); });
            return entries;
        },
        [this, job](Result<std::vector<HistoryEntry>> r) {
            --m_inFlight;
            const int pendingPick = m_pendingPicks.take(job);
            if (!r) {
                emit recordFailed(QString::fromStdString(r.error().detail));
                return;
            }
            std::vector<HistoryEntry> entries = std::move(r.value());
            if (pendingPick > 0)
                setPickInEntries(entries, job.toStdString(), pendingPick);
            try {
                const std::vector<std::string> ids = m_store->addAll(entries);
                std::size_t kept = 0;
                for (std::size_t i = 0; i < entries.size(); ++i)
                    if (entries[i].bestOf && entries[i].bestOf->pick)
                        kept = i;
                emit recorded(QString::fromStdString(ids[kept]));
            } catch (const I2vError& e) {
                emit recordFailed(QString::fromUtf8(e.what()));
            }
        });
    return job;
}

void HistoryRecorder::setPick(const QString& job, int variation)
{
    if (m_pendingPicks.contains(job)) {
        m_pendingPicks[job] = variation; // applied when the entries are added
        return;
    }
    try {
        m_store->setPick(job.toStdString(), variation);
        emit pickRecorded(job);
    } catch (const I2vError& e) {
        emit recordFailed(QString::fromUtf8(e.what()));
    }
}

} // namespace ui
} // namespace i2v
