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

void HistoryRecorder::record(const GenerationRequest& request, std::shared_ptr<const JobOutcome> outcome,
                             const CostSettings& cost)
{
    // The entry is the service's (core/service/history_recording.h); only the threads are the window's.
    HistoryEntry entry = historyEntryFor(request, *outcome, cost);
    ++m_inFlight;
    runAsync<HistoryEntry>(
        this,
        [entry = std::move(entry), outcome, hashes = m_hashes, stop = m_stop, modelDir = request.modelDir,
         dataFolder = m_dataFolder.toStdString()]() mutable {
            completeHistoryEntry(entry, *outcome, modelDir, dataFolder, *hashes, [stop] { return stop->load(); });
            return entry;
        },
        [this](Result<HistoryEntry> r) {
            --m_inFlight;
            if (!r) {
                emit recordFailed(QString::fromStdString(r.error().detail));
                return;
            }
            try {
                emit recorded(QString::fromStdString(m_store->add(std::move(r.value()))));
            } catch (const I2vError& e) {
                emit recordFailed(QString::fromUtf8(e.what()));
            }
        });
}

} // namespace ui
} // namespace i2v
