<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>i2v::ui::ErrorBanner</name>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>i2v::ui::ErrorTexts</name>
    <message>
        <source>Everything worked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A setting is outside the range this engine accepts. Check the highlighted parameters or press Reset to defaults.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file could not be found. It may have been moved or deleted; choose it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file exists but could not be read. Check that you have permission to open it, or copy it to a local folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is not a readable image (it may be damaged or only partly downloaded). Open it in an image viewer, save it again as PNG or JPEG, and drop it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This image is too large to process. Scale it down (for example to 4000 pixels on the long side) and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This image is too small to make a clip from. Use a larger picture (at least 256 pixels on each side works best).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file type is not supported. Use a PNG, JPEG, WebP, BMP or TIFF image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model was found for this request. Choose another engine, or add the model&apos;s folder with &quot;Add model folder…&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model folder is incomplete or inconsistent. Download the model again or choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model weights file is damaged. Download the model again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model uses an unsafe file format (pickle). Use the .safetensors version of the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A file with this name already exists and was not overwritten. Choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clip could not be saved in this folder. Choose a folder you can write to (Settings → outputs folder, or Save As…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full. Free some space or choose another drive, then save again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation was cancelled. Nothing was saved; press Generate to start again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough memory for these settings. Lower the resolution, the number of frames or the steps, and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The video could not be encoded. Try another format (for example GIF or PNG frames).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The graphics card is not available. Check the NVIDIA driver, or choose the CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Your image and settings are kept; try again, and if it happens again send the details to support.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>i2v::ui::ExportPanel</name>
    <message>
        <source>Save As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the clip as MP4, WebM, GIF or PNG frames (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved automatically: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished clips are saved automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebM video (*.webm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Animated GIF (*.gif)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG frames (a new folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save clip as</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>i2v::ui::InputPanel</name>
    <message>
        <source>Drop an image here
or use Open… / Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one or more images (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the image on the clipboard (Ctrl+V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Small image (%1 × %2): the clip may look soft. 512 pixels or more on each side works best.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unusual aspect ratio (%1:1): the edges will be cropped to fit the clip size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff);;Clips and recipes (*.mp4 *.webm *.gif *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>i2v::ui::MainWindow</name>
    <message>
        <source>I2V Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your templates could not be saved. Check that your home folder is writable and has free space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your templates file was damaged. It was kept as a backup and the built-in templates were restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save clip as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose &amp;outputs folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About I2V Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About I2V Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;I2V Studio %1&lt;/b&gt;&lt;br&gt;Turns a still image and a prompt into a short video clip on your own computer.&lt;br&gt;Licensed under the GNU GPL, version 3 or later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an image first: drop one on the window, or use Open… or Paste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Queueing %n image(s)…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Settings restored from the clip&apos;s recipe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings restored from the clip&apos;s recipe, but its image was not found. Drop the image to make the clip again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Done in %1 · %n frame(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled. Nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This clip could not be made. See the message above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the outputs folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language is used the next time you start I2V Studio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clips still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s) are not finished. Quit anyway? Unfinished clips are not saved.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>i2v::ui::ModelSelector</name>
    <message>
        <source>Add model folder…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>i2v::ui::ParamTexts</name>
    <message>
        <source>Width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width of the clip in pixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height of the clip in pixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of frames in the clip. More frames make a longer clip and take longer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames per second when the clip plays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising steps. More steps give more detail and take longer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guidance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How closely the clip follows the prompt. Higher values follow it more literally.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Motion strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much movement the clip has.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The camera movement. Automatic reads it from the prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Easing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the movement speeds up and slows down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode chunk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frames decoded at once. Lower values use less memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same seed and settings give the same clip.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (from the prompt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pan left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pan right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pan up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pan down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tilt up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tilt down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tilt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orbit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orbit left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orbit right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate clockwise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate counter-clockwise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dolly in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dolly out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dolly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handheld drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ease in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ease out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ease in and out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera motion (built-in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I2VGen-XL</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>i2v::ui::ParametersPanel</name>
    <message>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same seed and settings give the same clip.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this seed for every run (otherwise a new seed is drawn each time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a new random seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Square</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Landscape 16:9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portrait 9:16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classic 4:3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match image  %1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>i2v::ui::PreviewPanel</name>
    <message>
        <source>Your clip appears here.
Drop an image, pick a template and press Generate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous frame (Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next frame (Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback speed (does not change the saved clip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>i2v::ui::PromptPanel</name>
    <message>
        <source>Start from a ready-made prompt with suggested settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the prompt and settings as a template…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename or delete your templates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe the motion, e.g. &quot;camera slowly zooming in on the face&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to avoid, e.g. &quot;blurry, distorted&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1 / %2 tokens (estimate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model reads only the first %1 tokens; the rest is ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a template…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template name:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>i2v::ui::RunBar</name>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the clip (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the current clip (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more clip(s) waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 elapsed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>i2v::ui::TemplateManagerDialog</name>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your templates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in templates cannot be changed; these are the ones you saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the template &quot;%1&quot;?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>i2v::ui::VramGauge</name>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU memory used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This app (RAM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This app&apos;s memory (RAM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 of %3 GiB in use (peak %4 GiB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU busy %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: generating on the CPU. This app uses %1 GiB of RAM (peak %2 GiB).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>I2V Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your templates could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
