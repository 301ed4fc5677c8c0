<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ls::gui::CodeHistogramPlot</name>
    <message>
        <source>w / absmax of its block</source>
        <translation>w / absmax seines Blocks</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>Gewichte</translation>
    </message>
</context>
<context>
    <name>ls::gui::CodeUsagePlot</name>
    <message>
        <source>code value</source>
        <translation>Codewert</translation>
    </message>
    <message>
        <source>share of weights (%)</source>
        <translation>Anteil der Gewichte (%)</translation>
    </message>
</context>
<context>
    <name>ls::gui::CommandLine</name>
    <message>
        <source>LoRA Studio: a workbench for LoRA, LoRA-FA and QLoRA fine-tuning.</source>
        <translation>LoRA Studio: eine Werkbank für LoRA-, LoRA-FA- und QLoRA-Feinabstimmung.</translation>
    </message>
    <message>
        <source>Open this Hugging Face model folder, or &quot;demo&quot;.</source>
        <translation>Diesen Hugging-Face-Modellordner öffnen, oder „demo“.</translation>
    </message>
    <message>
        <source>Show this page: %1.</source>
        <translation>Diese Seite zeigen: %1.</translation>
    </message>
    <message>
        <source>Render the window to this PNG file once the model is loaded, then exit.</source>
        <translation>Das Fenster nach dem Laden des Modells in diese PNG-Datei zeichnen, dann beenden.</translation>
    </message>
    <message>
        <source>Use this language for this run: system, %1.</source>
        <translation>Diese Sprache für diesen Start verwenden: system, %1.</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot; (use --model DIR to open a folder)</source>
        <translation>unerwartetes Argument „%1“ (einen Ordner öffnen Sie mit --model ORDNER)</translation>
    </message>
    <message>
        <source>--page: unknown page &quot;%1&quot; (pages: %2)</source>
        <translation>--page: unbekannte Seite „%1“ (Seiten: %2)</translation>
    </message>
    <message>
        <source>--language: unknown language &quot;%1&quot; (languages: system, %2)</source>
        <translation>--language: unbekannte Sprache „%1“ (Sprachen: system, %2)</translation>
    </message>
</context>
<context>
    <name>ls::gui::DataPage</name>
    <message>
        <source>Rows with instruction, input and output fields; the output is trained</source>
        <translation>Zeilen mit den Feldern instruction, input und output; trainiert wird output</translation>
    </message>
    <message>
        <source>Rows with a list of messages (system, user, assistant); assistant turns are trained</source>
        <translation>Zeilen mit einer Liste von Nachrichten (system, user, assistant); trainiert werden die assistant-Beiträge</translation>
    </message>
    <message>
        <source>Rows of raw text; every token is trained</source>
        <translation>Zeilen mit Rohtext; jedes Token wird trainiert</translation>
    </message>
    <message>
        <source>Automatic (from the tokenizer)</source>
        <translation>Automatisch (aus dem Tokenizer)</translation>
    </message>
    <message>
        <source>Llama 3</source>
        <translation>Llama 3</translation>
    </message>
    <message>
        <source>ChatML (Qwen)</source>
        <translation>ChatML (Qwen)</translation>
    </message>
    <message>
        <source>[INST] (Llama 2, Mistral)</source>
        <translation>[INST] (Llama 2, Mistral)</translation>
    </message>
    <message>
        <source>Plain (### Instruction / ### Response)</source>
        <translation>Schlicht (### Instruction / ### Response)</translation>
    </message>
    <message>
        <source>Choose data file…</source>
        <translation>Datendatei wählen…</translation>
    </message>
    <message>
        <source>Use demo dataset</source>
        <translation>Demodatensatz verwenden</translation>
    </message>
    <message>
        <source>Pack examples into full sequences</source>
        <translation>Beispiele zu vollen Sequenzen packen</translation>
    </message>
    <message>
        <source>The examples to train on: alpaca, chat or raw text rows as JSON Lines or a JSON array. Prompts are laid out with the model&apos;s template; only responses are trained.</source>
        <translation>Die Beispiele für das Training: alpaca-, chat- oder Rohtext-Zeilen als JSON Lines oder als JSON-Array. Prompts werden mit der Vorlage des Modells aufgebaut; trainiert werden nur die Antworten.</translation>
    </message>
    <message>
        <source>Stop waiting for this file; its result is discarded</source>
        <translation>Nicht länger auf diese Datei warten; ihr Ergebnis wird verworfen</translation>
    </message>
    <message>
        <source>Open a JSON or JSONL file of training examples</source>
        <translation>Eine JSON- oder JSONL-Datei mit Trainingsbeispielen öffnen</translation>
    </message>
    <message>
        <source>Use the small data set that ships with LoRA Studio</source>
        <translation>Den kleinen Datensatz verwenden, den LoRA Studio mitbringt</translation>
    </message>
    <message>
        <source>Recently used data files</source>
        <translation>Zuletzt verwendete Datendateien</translation>
    </message>
    <message>
        <source>No data file chosen</source>
        <translation>Keine Datendatei gewählt</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Drop a training data file here</source>
        <translation>Legen Sie hier eine Trainingsdatei ab</translation>
    </message>
    <message>
        <source>or use Choose data file… above. One JSON object per line (.jsonl) or a JSON array (.json); the format is detected from the fields:</source>
        <translation>oder verwenden Sie oben „Datendatei wählen…“. Ein JSON-Objekt je Zeile (.jsonl) oder ein JSON-Array (.json); das Format wird an den Feldern erkannt:</translation>
    </message>
    <message>
        <source>alpaca</source>
        <translation>alpaca</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>chat</translation>
    </message>
    <message>
        <source>text</source>
        <translation>text</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>Tokens per training example; longer rows are cut at the end</source>
        <translation>Tokens je Trainingsbeispiel; längere Zeilen werden am Ende abgeschnitten</translation>
    </message>
    <message>
        <source>How prompts and responses are laid out for the model. Automatic picks the model&apos;s own chat format from its tokenizer.</source>
        <translation>Wie Prompts und Antworten für das Modell aufgebaut werden. „Automatisch“ nimmt das eigene Chat-Format des Modells aus seinem Tokenizer.</translation>
    </message>
    <message>
        <source>Concatenate the examples and cut them into sequences of exactly the sequence length: no padding, fewer steps per epoch. Attention is not masked between packed examples.</source>
        <translation>Die Beispiele aneinanderhängen und in Sequenzen von genau der Sequenzlänge schneiden: kein Padding, weniger Schritte je Epoche. Die Attention wird zwischen gepackten Beispielen nicht maskiert.</translation>
    </message>
    <message>
        <source>Share of the examples held out to measure the eval loss (0 = no eval split)</source>
        <translation>Anteil der Beispiele, der zum Messen des Eval-Loss zurückbehalten wird (0 = kein Eval-Split)</translation>
    </message>
    <message>
        <source>Sequence length</source>
        <translation>Sequenzlänge</translation>
    </message>
    <message>
        <source>Prompt template</source>
        <translation>Prompt-Vorlage</translation>
    </message>
    <message>
        <source>Eval fraction</source>
        <translation>Eval-Anteil</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <source>Training examples</source>
        <translation>Trainingsbeispiele</translation>
    </message>
    <message>
        <source>Token lengths need the model&apos;s tokenizer.</source>
        <translation>Für die Token-Längen wird der Tokenizer des Modells gebraucht.</translation>
    </message>
    <message>
        <source>The rows, laid out with the model&apos;s prompt template, appear here once a model with a tokenizer is open.</source>
        <translation>Die Zeilen erscheinen hier, aufgebaut mit der Prompt-Vorlage des Modells, sobald ein Modell mit Tokenizer geöffnet ist.</translation>
    </message>
    <message>
        <source>Choose training data</source>
        <translation>Trainingsdaten wählen</translation>
    </message>
    <message>
        <source>Training data (*.jsonl *.json);;All files (*)</source>
        <translation>Trainingsdaten (*.jsonl *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Reading %1 …</source>
        <translation>Lese %1 …</translation>
    </message>
    <message>
        <source>Could not read %1</source>
        <translation>%1 konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Could not read %1 (still using %2)</source>
        <translation>%1 konnte nicht gelesen werden (weiterhin wird %2 verwendet)</translation>
    </message>
    <message>
        <source>Tokens per row</source>
        <translation>Tokens je Zeile</translation>
    </message>
    <message numerus="yes">
        <source>First %1 of %2 rows</source>
        <translation>
            <numerusform>Erste %1 von %2 Zeile</numerusform>
            <numerusform>Erste %1 von %2 Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>All rows (%1)</source>
        <translation>Alle Zeilen (%1)</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Detected from the fields of the rows</source>
        <translation>An den Feldern der Zeilen erkannt</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Rows in the file (blank lines are skipped)</source>
        <translation>Zeilen in der Datei (Leerzeilen werden übersprungen)</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>counted once a model is open</source>
        <translation>gezählt, sobald ein Modell geöffnet ist</translation>
    </message>
    <message>
        <source>Token lengths need the model&apos;s tokenizer</source>
        <translation>Für die Token-Längen wird der Tokenizer des Modells gebraucht</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>%1 (automatic)</source>
        <translation>%1 (automatisch)</translation>
    </message>
    <message>
        <source>Chosen from the special tokens of the model&apos;s tokenizer</source>
        <translation>Anhand der Spezial-Tokens im Tokenizer des Modells gewählt</translation>
    </message>
    <message>
        <source>Chosen under Prompt template</source>
        <translation>Unter Prompt-Vorlage gewählt</translation>
    </message>
    <message>
        <source>%1 – %2, mean %3</source>
        <translation>%1 – %2, Mittel %3</translation>
    </message>
    <message>
        <source>Rendered with the template, before truncation</source>
        <translation>Mit der Vorlage aufgebaut, vor dem Abschneiden</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message numerus="yes">
        <source>%1 rows (%2&#xa0;%)</source>
        <translation>
            <numerusform>%1 Zeile (%2&#xa0;%)</numerusform>
            <numerusform>%1 Zeilen (%2&#xa0;%)</numerusform>
        </translation>
    </message>
    <message>
        <source>Every row fits in the sequence length of %1 tokens</source>
        <translation>Jede Zeile passt in die Sequenzlänge von %1 Tokens</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 rows are longer than the sequence length of %3 tokens and are cut at the end</source>
        <extracomment>%1 (the rows cut) chooses the plural form</extracomment>
        <translation>
            <numerusform>%1 von %2 Zeilen ist länger als die Sequenzlänge von %3 Tokens und wird am Ende abgeschnitten</numerusform>
            <numerusform>%1 von %2 Zeilen sind länger als die Sequenzlänge von %3 Tokens und werden am Ende abgeschnitten</numerusform>
        </translation>
    </message>
    <message>
        <source>Truncated</source>
        <translation>Abgeschnitten</translation>
    </message>
    <message>
        <source>Examples are split with seed %1 (the same seed gives the same split), before packing. Rows whose response the sequence length cuts away entirely are left out first.</source>
        <translation>Die Beispiele werden vor dem Packen mit dem Seed %1 aufgeteilt (derselbe Seed ergibt dieselbe Aufteilung). Zeilen, deren Antwort durch die Sequenzlänge ganz wegfällt, werden vorher ausgelassen.</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 train / %2 eval</source>
        <translation>%1 Training / %2 Eval</translation>
    </message>
    <message>
        <source>Too few rows for an eval split: every row is used for training.</source>
        <translation>Zu wenige Zeilen für einen Eval-Split: Jede Zeile wird für das Training verwendet.</translation>
    </message>
    <message>
        <source>No model is open: data files are checked and their rows counted, but the prompt and response preview and the token lengths need the model&apos;s tokenizer. Open a model on the Model page.</source>
        <translation>Kein Modell geöffnet: Datendateien werden geprüft und ihre Zeilen gezählt, aber die Vorschau von Prompt und Antwort und die Token-Längen brauchen den Tokenizer des Modells. Öffnen Sie ein Modell auf der Seite Modell.</translation>
    </message>
    <message>
        <source>The open model has no tokenizer.json, so the rows cannot be tokenized: only their format and count are shown.</source>
        <translation>Das geöffnete Modell hat keine tokenizer.json, daher können die Zeilen nicht tokenisiert werden: Es werden nur ihr Format und ihre Anzahl gezeigt.</translation>
    </message>
    <message>
        <source>%1  —  %2</source>
        <translation>%1  —  %2</translation>
    </message>
</context>
<context>
    <name>ls::gui::DataPreviewLoader</name>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>ls::gui::DemoLauncher</name>
    <message>
        <source>A training run is already active; stop it on the Train page first.</source>
        <translation>Ein Trainingslauf ist bereits aktiv; beenden Sie ihn zuerst auf der Seite Training.</translation>
    </message>
    <message>
        <source>The demo dataset is missing from this installation.</source>
        <translation>Der Demodatensatz fehlt in dieser Installation.</translation>
    </message>
    <message>
        <source>The demo model did not open: %1</source>
        <translation>Das Demomodell ließ sich nicht öffnen: %1</translation>
    </message>
    <message>
        <source>The demo run did not start; the Train page says why.</source>
        <translation>Der Demolauf ist nicht gestartet; die Seite Training nennt den Grund.</translation>
    </message>
</context>
<context>
    <name>ls::gui::DeviceInfo</name>
    <message>
        <source>GPU memory</source>
        <translation>GPU-Speicher</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>RAM</translation>
    </message>
</context>
<context>
    <name>ls::gui::ErrorBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>Diese Meldung ausblenden</translation>
    </message>
</context>
<context>
    <name>ls::gui::HeatmapPlot</name>
    <message>
        <source>%1 · %2: no data</source>
        <translation>%1 · %2: keine Daten</translation>
    </message>
    <message>
        <source>%1 · %2: %3 = %4</source>
        <translation>%1 · %2: %3 = %4</translation>
    </message>
</context>
<context>
    <name>ls::gui::HyperparameterForm</name>
    <message>
        <source>Rank r of the update B·A: more capacity, more memory and parameters (1 to 4096)</source>
        <translation>Rang r des Updates B·A: mehr Kapazität, mehr Speicher und Parameter (1 bis 4096)</translation>
    </message>
    <message>
        <source>lora_alpha: the update is scaled by alpha / r (alpha / √r with rsLoRA)</source>
        <translation>lora_alpha: Das Update wird mit alpha / r skaliert (alpha / √r mit rsLoRA)</translation>
    </message>
    <message>
        <source>lora_dropout: dropout on the adapter input while training (0 = off; more than 0 keeps a mask per adapted module)</source>
        <translation>lora_dropout: Dropout auf der Eingabe des Adapters während des Trainings (0 = aus; mehr als 0 hält eine Maske je Modul mit Adapter vor)</translation>
    </message>
    <message>
        <source>Rank-stabilised scaling (rsLoRA)</source>
        <translation>Rang-stabilisiert (rsLoRA)</translation>
    </message>
    <message>
        <source>Optimizer steps over which the learning rate rises linearly from 0</source>
        <translation>Optimiererschritte, über die die Lernrate linear von 0 ansteigt</translation>
    </message>
    <message>
        <source>Optimizer steps to train</source>
        <translation>Zu trainierende Optimiererschritte</translation>
    </message>
    <message>
        <source>Passes over the training split (fractions allowed)</source>
        <translation>Durchläufe über den Trainingsteil (Bruchteile erlaubt)</translation>
    </message>
    <message>
        <source>Sequences per micro-batch: activation memory grows with it</source>
        <translation>Sequenzen je Micro-Batch: Der Aktivierungsspeicher wächst mit</translation>
    </message>
    <message>
        <source>Micro-batches per optimizer step: a larger effective batch without more activation memory</source>
        <translation>Micro-Batches je Optimiererschritt: ein größerer effektiver Batch ohne mehr Aktivierungsspeicher</translation>
    </message>
    <message>
        <source>Tokens per training sequence; longer examples are cut at the end</source>
        <translation>Tokens je Trainingssequenz; längere Beispiele werden am Ende abgeschnitten</translation>
    </message>
    <message>
        <source>Gradient checkpointing</source>
        <translation>Gradient-Checkpointing</translation>
    </message>
    <message>
        <source>Replay steps as CUDA graphs</source>
        <translation>CUDA-Graphen verwenden</translation>
    </message>
    <message>
        <source>On the GPU, capture each step&apos;s kernels once per batch shape and replay them: the CPU no longer limits the speed. Not used with dropout or an adapter on lm_head</source>
        <translation>Auf der GPU die Kernel jedes Schritts einmal je Batch-Form aufzeichnen und wieder abspielen: Die CPU begrenzt die Geschwindigkeit nicht mehr. Nicht bei Dropout oder einem Adapter auf lm_head</translation>
    </message>
    <message>
        <source>Share of the examples held out to measure the eval loss (0 = none)</source>
        <translation>Anteil der Beispiele, der zum Messen des Eval-Loss zurückbehalten wird (0 = keiner)</translation>
    </message>
    <message>
        <source>Scale the update by alpha / √r instead of alpha / r, so high ranks keep learning</source>
        <translation>Das Update mit alpha / √r statt alpha / r skalieren, damit hohe Ränge weiter lernen</translation>
    </message>
    <message>
        <source>Peak learning rate of AdamW, e.g. 2e-4 (between 1e-10 and 9.99)</source>
        <translation>Höchste Lernrate von AdamW, z. B. 2e-4 (zwischen 1e-10 und 9,99)</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>konstant</translation>
    </message>
    <message>
        <source>linear decay</source>
        <translation>linear abfallend</translation>
    </message>
    <message>
        <source>cosine decay</source>
        <translation>kosinusförmig abfallend</translation>
    </message>
    <message>
        <source>After the warmup: keep the rate, or decay it linearly or along half a cosine to 0</source>
        <translation>Nach dem Warmup: die Rate halten oder sie linear oder entlang einer halben Kosinuskurve auf 0 senken</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Give the length in optimizer steps or in passes over the data</source>
        <translation>Die Dauer in Optimiererschritten oder in Durchläufen über die Daten angeben</translation>
    </message>
    <message>
        <source>Recompute each decoder layer in the backward pass instead of keeping its activations: much less activation memory for about a third more compute</source>
        <translation>Jede Decoder-Schicht im Rückwärtsdurchlauf neu berechnen, statt ihre Aktivierungen zu behalten: viel weniger Aktivierungsspeicher für etwa ein Drittel mehr Rechenaufwand</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA-GPU</translation>
    </message>
    <message>
        <source>Where the run trains</source>
        <translation>Wo der Lauf trainiert</translation>
    </message>
    <message>
        <source>No CUDA GPU was found (or this build of LoRA Studio has no CUDA support), so training runs on the CPU</source>
        <translation>Es wurde keine CUDA-GPU gefunden (oder dieser Build von LoRA Studio hat keine CUDA-Unterstützung), daher läuft das Training auf der CPU</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <source>Rank r</source>
        <translation>Rang r</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Warmup steps</source>
        <translation>Warmup-Schritte</translation>
    </message>
    <message>
        <source>Train for</source>
        <translation>Trainingsdauer</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batch-Größe</translation>
    </message>
    <message>
        <source>Accumulation</source>
        <translation>Akkumulation</translation>
    </message>
    <message>
        <source>Sequence length</source>
        <translation>Sequenzlänge</translation>
    </message>
    <message>
        <source>Eval split</source>
        <translation>Eval-Split</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>scaling %1</source>
        <translation>Skalierung %1</translation>
    </message>
    <message>
        <source>effective batch %1</source>
        <translation>Gesamt-Batch %1</translation>
    </message>
    <message>
        <source>above the model&apos;s %1</source>
        <translation>mehr als die %1 des Modells</translation>
    </message>
    <message>
        <source>The model was trained on up to %1 positions (max_position_embeddings)</source>
        <translation>Das Modell wurde auf bis zu %1 Positionen trainiert (max_position_embeddings)</translation>
    </message>
    <message>
        <source>Offload activations to host memory</source>
        <translation>Aktivierungen in RAM auslagern</translation>
    </message>
    <message>
        <source>On the GPU, the frozen weights of this many decoder layers (spread evenly) stay in host memory and are copied in just before each use, in the forward and again in the backward pass. The GPU keeps two layers&apos; worth for all of them: N layers save N − 2 layers of GPU memory, for N × a layer&apos;s size of PCIe traffic per pass. Pairs well with gradient checkpointing; not with QLoRA (its 4-bit weights are small already)</source>
        <translation>Auf der GPU bleiben die eingefrorenen Gewichte so vieler Decoder-Schichten (gleichmäßig verteilt) im Hauptspeicher und werden erst unmittelbar vor jeder Verwendung hineinkopiert, im Vorwärts- und noch einmal im Rückwärtsdurchlauf. Die GPU hält für sie alle Platz für zwei Schichten: N Schichten sparen N − 2 Schichten GPU-Speicher, für N × die Größe einer Schicht an PCIe-Verkehr je Durchlauf. Passt gut zu Gradient Checkpointing; nicht mit QLoRA (dessen 4-Bit-Gewichte ohnehin klein sind)</translation>
    </message>
    <message>
        <source>On the GPU, keep the largest activations (SwiGLU&apos;s gate and up) of about the first three quarters of the layers in host memory between the forward and the backward pass: a few GiB less GPU memory, copied while the GPU computes, for a small slowdown. Not with gradient checkpointing</source>
        <translation>Auf der GPU die größten Aktivierungen (Gate und Up von SwiGLU) von etwa den ersten drei Vierteln der Schichten zwischen Vorwärts- und Rückwärtsdurchlauf im Hauptspeicher halten: einige GiB weniger GPU-Speicher, kopiert, während die GPU rechnet, für eine kleine Verlangsamung. Nicht mit Gradient Checkpointing</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source> layers</source>
        <translation> Schichten</translation>
    </message>
    <message>
        <source>Stream weights</source>
        <translation>Gewichte streamen</translation>
    </message>
</context>
<context>
    <name>ls::gui::InspectPage</name>
    <message>
        <source>Double quantization</source>
        <translation>Doppelte Quantisierung</translation>
    </message>
    <message>
        <source>Analyse</source>
        <translation>Analysieren</translation>
    </message>
    <message>
        <source>NF4</source>
        <translation>NF4</translation>
    </message>
    <message>
        <source>4-bit NormalFloat: 16 levels at the quantiles of a normal distribution, as QLoRA stores the base model</source>
        <translation>4-Bit-NormalFloat: 16 Stufen an den Quantilen einer Normalverteilung, so speichert QLoRA das Basismodell</translation>
    </message>
    <message>
        <source>FP4</source>
        <translation>FP4</translation>
    </message>
    <message>
        <source>4-bit floating point (1 sign, 2 exponent, 1 mantissa bit), bitsandbytes&apos; other 4-bit type</source>
        <translation>4-Bit-Gleitkomma (1 Vorzeichen-, 2 Exponenten-, 1 Mantissenbit), der andere 4-Bit-Typ von bitsandbytes</translation>
    </message>
    <message>
        <source>int4</source>
        <translation>int4</translation>
    </message>
    <message>
        <source>Plain symmetric integers -7 … 7 times absmax / 7 per block, for comparison</source>
        <translation>Einfache symmetrische Ganzzahlen -7 … 7 mal absmax / 7 je Block, zum Vergleich</translation>
    </message>
    <message>
        <source>The 4-bit scheme the heatmap and the plots show</source>
        <translation>Das 4-Bit-Schema, das Heatmap und Diagramme zeigen</translation>
    </message>
    <message>
        <source>Also quantize the per-block scales (absmax) to 8 bits, as QLoRA does: about 0.37 fewer bits per parameter for a slightly larger error. Not used by int4.</source>
        <translation>Auch die Skalen der Blöcke (absmax) auf 8 Bit quantisieren, wie QLoRA es tut: etwa 0,37 Bit weniger je Parameter bei etwas größerem Fehler. Nicht bei int4.</translation>
    </message>
    <message>
        <source>Quantize every linear weight of the model in memory under each scheme and measure the error (nothing is written)</source>
        <translation>Jedes lineare Gewicht des Modells im Speicher mit jedem Schema quantisieren und den Fehler messen (es wird nichts geschrieben)</translation>
    </message>
    <message>
        <source>Scheme:</source>
        <translation>Schema:</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>How much 4-bit quantization changes the base model&apos;s linear weights: each weight is split into blocks of 64, scaled by its block&apos;s absmax and rounded to one of 16 codes. Click a cell of the heatmap to look at that weight.</source>
        <translation>Wie stark 4-Bit-Quantisierung die linearen Gewichte des Basismodells verändert: Jedes Gewicht wird in Blöcke zu 64 geteilt, durch das absmax seines Blocks geteilt und auf einen von 16 Codes gerundet. Klicken Sie auf eine Zelle der Heatmap, um dieses Gewicht anzusehen.</translation>
    </message>
    <message>
        <source>Stop the analysis; the results so far are discarded</source>
        <translation>Die Analyse beenden; die bisherigen Ergebnisse werden verworfen</translation>
    </message>
    <message>
        <source>decoder layer</source>
        <translation>Decoder-Schicht</translation>
    </message>
    <message>
        <source>module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>relative error (%)</source>
        <translation>relativer Fehler (%)</translation>
    </message>
    <message>
        <source>One colour scale for all schemes, so switching the scheme compares them. Right-click a plot to save it as an image or CSV.</source>
        <translation>Eine Farbskala für alle Schemata, ein Wechsel des Schemas vergleicht sie also. Rechtsklick auf ein Diagramm speichert es als Bild oder CSV.</translation>
    </message>
    <message>
        <source>Decoder layer</source>
        <translation>Decoder-Schicht</translation>
    </message>
    <message>
        <source>Module type: q, k, v, o (attention), gate, up, down (MLP)</source>
        <translation>Modultyp: q, k, v, o (Attention), gate, up, down (MLP)</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>Schicht:</translation>
    </message>
    <message>
        <source>Module:</source>
        <translation>Modul:</translation>
    </message>
    <message>
        <source>Selected weight</source>
        <translation>Gewähltes Gewicht</translation>
    </message>
    <message>
        <source>No model loaded yet.

Open one on the Model page; its linear weights are then quantized here in memory (nothing is written).</source>
        <translation>Noch kein Modell geladen.

Öffnen Sie eines auf der Seite Modell; seine linearen Gewichte werden dann hier im Speicher quantisiert (es wird nichts geschrieben).</translation>
    </message>
    <message>
        <source>Press Analyse to quantize every linear weight of %1 under NF4, FP4 and int4 and measure the error.</source>
        <translation>Klicken Sie auf Analysieren, um jedes lineare Gewicht von %1 mit NF4, FP4 und int4 zu quantisieren und den Fehler zu messen.</translation>
    </message>
    <message>
        <source>Opening %1 …</source>
        <translation>Öffne %1 …</translation>
    </message>
    <message>
        <source>Analyse Again</source>
        <translation>Erneut analysieren</translation>
    </message>
    <message>
        <source>Could not inspect %1</source>
        <translation>%1 konnte nicht geprüft werden</translation>
    </message>
    <message>
        <source>No results for %1.</source>
        <translation>Keine Ergebnisse für %1.</translation>
    </message>
    <message>
        <source>Analysis canceled. Press Analyse to start it again.</source>
        <translation>Analyse abgebrochen. Mit Analysieren starten Sie sie erneut.</translation>
    </message>
    <message>
        <source>Relative error ‖W − Q(W)‖ / ‖W‖
%1</source>
        <translation>Relativer Fehler ‖W − Q(W)‖ / ‖W‖
%1</translation>
    </message>
    <message>
        <source>Layer %1 has no %2 projection</source>
        <translation>Schicht %1 hat keine %2-Projektion</translation>
    </message>
    <message>
        <source>Error of this weight</source>
        <translation>Fehler dieses Gewichts</translation>
    </message>
    <message>
        <source>Weights / block absmax, with the %1 code values of %2</source>
        <translation>Gewichte / Block-absmax, mit den %1 Codewerten von %2</translation>
    </message>
    <message>
        <source>Code usage · entropy %1 of %2 bits</source>
        <translation>Codenutzung · Entropie %1 von %2 Bit</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>%1, blocks of %2</source>
        <translation>%1, Blöcke zu %2</translation>
    </message>
    <message>
        <source>Stored as %1 %2 weights</source>
        <translation>Gespeichert als %1 Gewichte in %2</translation>
    </message>
    <message>
        <source>Relative error</source>
        <translation>Relativer Fehler</translation>
    </message>
    <message>
        <source>‖W − Q(W)‖ / ‖W‖ with Frobenius norms, in double precision</source>
        <translation>‖W − Q(W)‖ / ‖W‖ mit Frobeniusnormen, in doppelter Genauigkeit</translation>
    </message>
    <message>
        <source>Max abs error</source>
        <translation>Max. abs. Fehler</translation>
    </message>
    <message>
        <source>The largest |w − q(w)| over all weights</source>
        <translation>Das größte |w − q(w)| über alle Gewichte</translation>
    </message>
    <message>
        <source>Cosine similarity</source>
        <translation>Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <source>Between W and its dequantized copy, as flat vectors</source>
        <translation>Zwischen W und seiner dequantisierten Kopie, als flache Vektoren</translation>
    </message>
    <message>
        <source>Bits / parameter</source>
        <translation>Bit / Parameter</translation>
    </message>
    <message>
        <source>Stored bits per weight: the 4-bit codes plus the block scales</source>
        <translation>Gespeicherte Bits je Gewicht: die 4-Bit-Codes plus die Blockskalen</translation>
    </message>
    <message>
        <source>Outlier blocks</source>
        <translation>Ausreißer-Blöcke</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Blocks whose absmax is over 8 × the median absmax (median %1, largest %2)</source>
        <translation>Blöcke, deren absmax über dem 8-Fachen des Median-absmax liegt (Median %1, größtes %2)</translation>
    </message>
    <message>
        <source>Code entropy</source>
        <translation>Code-Entropie</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 Bit</translation>
    </message>
    <message>
        <source>How evenly the codes are used; at most %1 bits</source>
        <translation>Wie gleichmäßig die Codes genutzt werden; höchstens %1 Bit</translation>
    </message>
    <message numerus="yes">
        <source>Quantized %1 of %Ln weights · %2</source>
        <translation>
            <numerusform>%1 von %Ln Gewicht quantisiert · %2</numerusform>
            <numerusform>%1 von %Ln Gewichten quantisiert · %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ls::gui::LengthHistogramPlot</name>
    <message>
        <source>within the sequence length</source>
        <translation>innerhalb der Sequenzlänge</translation>
    </message>
    <message>
        <source>cut to the sequence length</source>
        <translation>auf die Sequenzlänge gekürzt</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>sequence length %1</source>
        <translation>Sequenzlänge %1</translation>
    </message>
    <message>
        <source>%1 – %2 tokens
rows: %3</source>
        <translation>%1 – %2 Tokens
Zeilen: %3</translation>
    </message>
    <message>
        <source>cut to %1 tokens for training</source>
        <translation>für das Training auf %1 Tokens gekürzt</translation>
    </message>
</context>
<context>
    <name>ls::gui::LoadingRow</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>ls::gui::MainWindow</name>
    <message>
        <source>LoRA Studio</source>
        <translation>LoRA Studio</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Open a base model and look at its structure</source>
        <translation>Ein Basismodell öffnen und seinen Aufbau ansehen</translation>
    </message>
    <message>
        <source>Method &amp; targets</source>
        <translation>Methode &amp; Ziele</translation>
    </message>
    <message>
        <source>Choose LoRA, LoRA-FA or QLoRA and the modules that get adapters</source>
        <translation>LoRA, LoRA-FA oder QLoRA wählen und die Module, die Adapter bekommen</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>The training and validation data</source>
        <translation>Die Trainings- und Validierungsdaten</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Run fine-tuning and watch it</source>
        <translation>Feinabstimmung starten und verfolgen</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Strg+%2)</translation>
    </message>
    <message>
        <source>Opening %1 …</source>
        <translation>Öffne %1 …</translation>
    </message>
    <message>
        <source>&amp;Open Model Folder…</source>
        <translation>Modellordner ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a local Hugging Face model folder (config.json and safetensors weights)</source>
        <translation>Einen lokalen Hugging-Face-Modellordner öffnen (config.json und safetensors-Gewichte)</translation>
    </message>
    <message>
        <source>Open &amp;Demo Model</source>
        <translation>&amp;Demomodell öffnen</translation>
    </message>
    <message>
        <source>Open the small model that ships with LoRA Studio</source>
        <translation>Das kleine Modell öffnen, das LoRA Studio mitbringt</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Recent Models</source>
        <translation>&amp;Zuletzt geöffnete Modelle</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About LoRA Studio</source>
        <translation>&amp;Über LoRA Studio</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <source>Where training and generation run. Detected once at startup.</source>
        <translation>Wo Training und Generierung laufen. Wird beim Start einmal erkannt.</translation>
    </message>
    <message>
        <source>Open Model Folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>No recent models</source>
        <translation>Keine zuletzt geöffneten Modelle</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>%1 — LoRA Studio</source>
        <translation>%1 — LoRA Studio</translation>
    </message>
    <message>
        <source>Model: %1 · %2 parameters</source>
        <translation>Modell: %1 · %2 Parameter</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The new language takes effect when LoRA Studio starts next time.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von LoRA Studio.</translation>
    </message>
    <message>
        <source>About LoRA Studio</source>
        <translation>Über LoRA Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LoRA Studio %1&lt;/h3&gt;&lt;p&gt;A native workbench for LoRA, LoRA-FA and QLoRA fine-tuning of Llama-family models.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and LibTorch.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LoRA Studio %1&lt;/h3&gt;&lt;p&gt;Eine native Werkbank für LoRA-, LoRA-FA- und QLoRA-Feinabstimmung von Modellen der Llama-Familie.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2 und LibTorch.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>See how 4-bit quantization (NF4, FP4, int4) changes the model&apos;s weights</source>
        <translation>Sehen, wie 4-Bit-Quantisierung (NF4, FP4, int4) die Gewichte des Modells verändert</translation>
    </message>
    <message>
        <source>Runs &amp; export</source>
        <translation>Läufe &amp; Export</translation>
    </message>
    <message>
        <source>Past runs: compare, resume, export the adapter or a merged model</source>
        <translation>Frühere Läufe: vergleichen, fortsetzen, den Adapter oder ein zusammengeführtes Modell exportieren</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Playground</translation>
    </message>
    <message>
        <source>Ask the base model and the fine-tuned one the same thing</source>
        <translation>Dem Basismodell und dem feinabgestimmten Modell dieselbe Frage stellen</translation>
    </message>
    <message>
        <source>Device: %1, %2 GB</source>
        <translation>Gerät: %1, %2 GB</translation>
    </message>
    <message>
        <source>Device: CPU (no CUDA GPU found), %1 GB RAM</source>
        <translation>Gerät: CPU (keine CUDA-GPU gefunden), %1 GB RAM</translation>
    </message>
    <message>
        <source>Training Is Running</source>
        <translation>Training läuft</translation>
    </message>
    <message>
        <source>A training run is active. Stop it (a checkpoint and the adapter are saved) and quit?</source>
        <translation>Ein Trainingslauf ist aktiv. Den Lauf beenden (ein Checkpoint und der Adapter werden gespeichert) und LoRA Studio schließen?</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Willkommen</translation>
    </message>
    <message>
        <source>What LoRA Studio does, and a first run on the demo model</source>
        <translation>Was LoRA Studio kann, und ein erster Lauf mit dem Demomodell</translation>
    </message>
    <message>
        <source>Training a LoRA on the demo model</source>
        <translation>Ein LoRA wird auf dem Demomodell trainiert</translation>
    </message>
</context>
<context>
    <name>ls::gui::MemoryBarsPlot</name>
    <message>
        <source>No estimate</source>
        <translation>Keine Schätzung</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>passt</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>knapp</translation>
    </message>
    <message>
        <source>exceeds</source>
        <translation>zu groß</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>%1
(chosen)</source>
        <translation>%1
(gewählt)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Device capacity unknown</source>
        <translation>Gerätekapazität unbekannt</translation>
    </message>
    <message>
        <source>Dashed line: %1 %2</source>
        <translation>Gestrichelte Linie: %1 %2</translation>
    </message>
    <message>
        <source>%1 %2, far above these bars</source>
        <translation>%1 %2, weit über diesen Balken</translation>
    </message>
    <message>
        <source>memory (%1)</source>
        <translation>Speicher (%1)</translation>
    </message>
    <message>
        <source>%1 of %2 %3</source>
        <translation>%1 von %2 %3</translation>
    </message>
</context>
<context>
    <name>ls::gui::MethodPage</name>
    <message>
        <source>How the adapter is trained and where it goes: pick a method, its hyperparameters and the linear modules that get an adapter. The memory estimate follows every change.</source>
        <translation>Wie der Adapter trainiert wird und wo er sitzt: Wählen Sie eine Methode, ihre Hyperparameter und die linearen Module, die einen Adapter bekommen. Die Speicherschätzung folgt jeder Änderung.</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>Trains both low-rank matrices A and B on top of a frozen bf16 base.</source>
        <translation>Trainiert beide Low-Rank-Matrizen A und B auf einer eingefrorenen bf16-Basis.</translation>
    </message>
    <message>
        <source>LoRA-FA</source>
        <translation>LoRA-FA</translation>
    </message>
    <message>
        <source>A stays random and frozen, only B trains: roughly half the trainable parameters and optimizer state, slightly faster steps.</source>
        <translation>A bleibt zufällig und eingefroren, nur B wird trainiert: etwa halb so viele trainierbare Parameter und Optimiererzustände, etwas schnellere Schritte.</translation>
    </message>
    <message>
        <source>QLoRA</source>
        <translation>QLoRA</translation>
    </message>
    <message>
        <source>LoRA on a base quantized to NF4 with double quantization: about 4 bits of memory per base weight.</source>
        <translation>LoRA auf einer mit doppelter Quantisierung nach NF4 quantisierten Basis: etwa 4 Bit Speicher je Basisgewicht.</translation>
    </message>
    <message>
        <source>Target modules</source>
        <translation>Zielmodule</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>adapters</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <source>gradients</source>
        <translation>Gradienten</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <source>activations</source>
        <translation>Aktivierungen</translation>
    </message>
    <message>
        <source>loss + workspace</source>
        <translation>Loss + Puffer</translation>
    </message>
    <message>
        <source>Memory estimate</source>
        <translation>Speicherschätzung</translation>
    </message>
    <message>
        <source>From config.json alone; no weights are read. Hover a bar for its parts.</source>
        <translation>Allein aus config.json; es werden keine Gewichte gelesen. Zeigen Sie auf einen Balken, um seine Anteile zu sehen.</translation>
    </message>
    <message>
        <source>Open a model on the Model page to choose its target modules and to see how much memory each method needs.</source>
        <translation>Öffnen Sie ein Modell auf der Seite Modell, um seine Zielmodule zu wählen und zu sehen, wie viel Speicher jede Methode braucht.</translation>
    </message>
    <message>
        <source>Method &amp; targets</source>
        <translation>Methode &amp; Ziele</translation>
    </message>
    <message>
        <source>No target modules selected</source>
        <translation>Keine Zielmodule gewählt</translation>
    </message>
    <message>
        <source>The LoRA targets do not fit this model</source>
        <translation>Die LoRA-Ziele passen nicht zu diesem Modell</translation>
    </message>
    <message>
        <source>Micro-batch %1 × %2 tokens · %3 · checkpointing %4</source>
        <translation>Micro-Batch %1 × %2 Tokens · %3 · Checkpointing %4</translation>
    </message>
    <message>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>No memory estimate for these settings</source>
        <translation>Keine Speicherschätzung für diese Einstellungen</translation>
    </message>
    <message>
        <source>No estimate until the targets match at least one module</source>
        <translation>Keine Schätzung, solange die Ziele kein Modul treffen</translation>
    </message>
    <message>
        <source>No estimate</source>
        <translation>Keine Schätzung</translation>
    </message>
    <message>
        <source>Trainable parameters: &lt;b&gt;none&lt;/b&gt; (no module selected)</source>
        <translation>Trainierbare Parameter: &lt;b&gt;keine&lt;/b&gt; (kein Modul gewählt)</translation>
    </message>
    <message>
        <source> · only B trains, A stays frozen</source>
        <translation> · nur B wird trainiert, A bleibt eingefroren</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; trainable parameters</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; trainierbare Parameter</translation>
    </message>
    <message>
        <source>r × (in + out) per adapted module for A and B (%1 in all); LoRA-FA trains only B&apos;s out × r. Adapter weights are kept in float32.</source>
        <translation>r × (in + out) je Modul mit Adapter für A und B (insgesamt %1); LoRA-FA trainiert nur die out × r von B. Adaptergewichte werden in float32 gehalten.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln linear modules adapted</source>
        <translation>
            <numerusform>%1 von %Ln linearen Modul mit Adapter</numerusform>
            <numerusform>%1 von %Ln linearen Modulen mit Adapter</numerusform>
        </translation>
    </message>
    <message>
        <source> · embedding table in host memory (%1, not in the bars)</source>
        <translation> · Embedding-Tabelle im Hauptspeicher (%1, nicht in den Balken)</translation>
    </message>
    <message>
        <source> · %1 of activations offloaded to host memory</source>
        <translation> · %1 Aktivierungen in den Hauptspeicher ausgelagert</translation>
    </message>
    <message numerus="yes">
        <source> · embedding table and %Ln layers&apos; weights in host memory (%1, not in the bars)</source>
        <translation>
            <numerusform> · Embedding-Tabelle und Gewichte von %Ln Schicht im Hauptspeicher (%1, nicht in den Balken)</numerusform>
            <numerusform> · Embedding-Tabelle und Gewichte von %Ln Schichten im Hauptspeicher (%1, nicht in den Balken)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %Ln layers&apos; weights in host memory (%1, not in the bars)</source>
        <translation>
            <numerusform> · Gewichte von %Ln Schicht im Hauptspeicher (%1, nicht in den Balken)</numerusform>
            <numerusform> · Gewichte von %Ln Schichten im Hauptspeicher (%1, nicht in den Balken)</numerusform>
        </translation>
    </message>
    <message>
        <source>Fit to GPU memory</source>
        <translation>An GPU-Speicher anpassen</translation>
    </message>
    <message>
        <source>Turn on the cheapest memory savers until the estimate fits: activation offload, then streaming a few layers&apos; weights, then gradient checkpointing (about a third slower), then checkpointing with more streamed layers (%1)</source>
        <translation>Die günstigsten Speichersparer einschalten, bis die Schätzung passt: Aktivierungen auslagern, dann die Gewichte einiger Schichten streamen, dann Gradient-Checkpointing (etwa ein Drittel langsamer), dann Checkpointing mit mehr gestreamten Schichten (%1)</translation>
    </message>
    <message>
        <source>Nothing fits in %1: lower the batch size or the sequence length</source>
        <translation>Nichts passt in %1: Batch-Größe oder Sequenzlänge verringern</translation>
    </message>
    <message>
        <source>Nothing fits in %1: lower the batch size or the sequence length, or use QLoRA</source>
        <translation>Nichts passt in %1: Batch-Größe oder Sequenzlänge verringern oder QLoRA nehmen</translation>
    </message>
    <message>
        <source>activation offload</source>
        <translation>Aktivierungs-Auslagerung</translation>
    </message>
    <message>
        <source>gradient checkpointing</source>
        <translation>Gradient-Checkpointing</translation>
    </message>
    <message numerus="yes">
        <source>%n streamed layers</source>
        <translation>
            <numerusform>%n gestreamte Schicht</numerusform>
            <numerusform>%n gestreamte Schichten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <extracomment>The last two memory savers that Fit to GPU memory turned on: &quot;activation offload and 5 streamed layers&quot;</extracomment>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>The memory savers that Fit to GPU memory turned on, before the last two: &quot;A, B and C&quot;</extracomment>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Fits already: about %1 of %2</source>
        <translation>Passt schon: etwa %1 von %2</translation>
    </message>
    <message>
        <source>Turned on %1 in place of activation offload: about %2 of %3</source>
        <translation>%1 statt Aktivierungs-Auslagerung eingeschaltet: etwa %2 von %3</translation>
    </message>
    <message>
        <source>Turned on %1: about %2 of %3</source>
        <translation>%1 eingeschaltet: etwa %2 von %3</translation>
    </message>
</context>
<context>
    <name>ls::gui::ModelLoader</name>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>ls::gui::ModelPage</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>%1 (model type &quot;%2&quot;)</source>
        <translation>%1 (Modelltyp „%2“)</translation>
    </message>
    <message>
        <source>The architectures entry of config.json</source>
        <translation>Der Eintrag architectures in config.json</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>%1 parameters, counted from the safetensors headers</source>
        <translation>%1 Parameter, gezählt aus den safetensors-Headern</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Decoder layers (num_hidden_layers)</source>
        <translation>Decoder-Schichten (num_hidden_layers)</translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation>Modellbreite</translation>
    </message>
    <message>
        <source>%1 (MLP %2)</source>
        <translation>%1 (MLP %2)</translation>
    </message>
    <message>
        <source>hidden_size, and intermediate_size of the MLP</source>
        <translation>hidden_size, und intermediate_size des MLP</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>Attention-Köpfe</translation>
    </message>
    <message>
        <source>%1 query, %2 key/value, head dim %3</source>
        <translation>%1 Query, %2 Key/Value, Kopfdimension %3</translation>
    </message>
    <message>
        <source>Grouped-query attention: %1 query heads share each key/value head</source>
        <translation>Grouped-Query-Attention: je %1 Query-Köpfe teilen sich einen Key/Value-Kopf</translation>
    </message>
    <message>
        <source>Multi-head attention: one key/value head per query head</source>
        <translation>Multi-Head-Attention: ein Key/Value-Kopf je Query-Kopf</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>tokenizer.json is present</source>
        <translation>tokenizer.json ist vorhanden</translation>
    </message>
    <message>
        <source>No tokenizer.json in this folder</source>
        <translation>Keine tokenizer.json in diesem Ordner</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>Kontextlänge</translation>
    </message>
    <message>
        <source>%1 positions</source>
        <translation>%1 Positionen</translation>
    </message>
    <message>
        <source>max_position_embeddings</source>
        <translation>max_position_embeddings</translation>
    </message>
    <message>
        <source>Stored dtype</source>
        <translation>Gespeicherter Datentyp</translation>
    </message>
    <message>
        <source>The most common element type of the stored weights (config.json says %1)</source>
        <translation>Der häufigste Elementtyp der gespeicherten Gewichte (config.json nennt %1)</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Größe auf der Platte</translation>
    </message>
    <message>
        <source>%1 bytes of safetensors weights</source>
        <translation>%1 Bytes safetensors-Gewichte</translation>
    </message>
    <message>
        <source>Tied embeddings</source>
        <translation>Gekoppelte Embeddings</translation>
    </message>
    <message>
        <source>Whether the output layer (lm_head) reuses the input embedding matrix</source>
        <translation>Ob die Ausgabeschicht (lm_head) die Embedding-Matrix der Eingabe mitbenutzt</translation>
    </message>
    <message>
        <source>%1, theta %2</source>
        <translation>%1, Theta %2</translation>
    </message>
    <message>
        <source>, factor %1</source>
        <translation>, Faktor %1</translation>
    </message>
    <message>
        <source>RoPE</source>
        <translation>RoPE</translation>
    </message>
    <message>
        <source>Rotary position embedding: type, base and scaling</source>
        <translation>Rotary Position Embedding: Typ, Basis und Skalierung</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>4-bit %1%2, compute %3</source>
        <translation>4-Bit %1%2, Rechnen in %3</translation>
    </message>
    <message>
        <source> with double quantization</source>
        <translation> mit doppelter Quantisierung</translation>
    </message>
    <message>
        <source>bitsandbytes quantization_config of config.json</source>
        <translation>bitsandbytes-quantization_config aus config.json</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>Ordner öffnen…</translation>
    </message>
    <message>
        <source>Open a local Hugging Face model folder (config.json and safetensors weights)</source>
        <translation>Einen lokalen Hugging-Face-Modellordner öffnen (config.json und safetensors-Gewichte)</translation>
    </message>
    <message>
        <source>Open demo model</source>
        <translation>Demomodell öffnen</translation>
    </message>
    <message>
        <source>Open the small model that ships with LoRA Studio</source>
        <translation>Das kleine Modell öffnen, das LoRA Studio mitbringt</translation>
    </message>
    <message>
        <source>The base model to fine-tune: a local Hugging Face folder with config.json and safetensors weights. Only the config and the tensor headers are read here.</source>
        <translation>Das Basismodell für die Feinabstimmung: ein lokaler Hugging-Face-Ordner mit config.json und safetensors-Gewichten. Hier werden nur die Konfiguration und die Tensor-Header gelesen.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Stop waiting for this folder; its result is discarded</source>
        <translation>Nicht länger auf diesen Ordner warten; sein Ergebnis wird verworfen</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>Reading %1 …</source>
        <translation>Lese %1 …</translation>
    </message>
    <message>
        <source>Could not open the model folder %1</source>
        <translation>Der Modellordner %1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>No model loaded yet.

Open a local Hugging Face folder with File › Open Model Folder… (Ctrl+O), or start with the demo model.</source>
        <translation>Noch kein Modell geladen.

Öffnen Sie einen lokalen Hugging-Face-Ordner mit Datei › Modellordner öffnen… (Strg+O) oder beginnen Sie mit dem Demomodell.</translation>
    </message>
    <message>
        <source>Query/key norm</source>
        <translation>Query-/Key-Norm</translation>
    </message>
    <message>
        <source>per head, before RoPE</source>
        <translation>je Kopf, vor RoPE</translation>
    </message>
    <message>
        <source>self_attn.q_norm and k_norm: an RMSNorm over each head of q and k (Qwen3)</source>
        <translation>self_attn.q_norm und k_norm: eine RMSNorm über jeden Kopf von q und k (Qwen3)</translation>
    </message>
    <message>
        <source>Sliding window</source>
        <translation>Gleitendes Fenster</translation>
    </message>
    <message>
        <source>%1 tokens in %2 of %3 layers</source>
        <translation>%1 Token in %2 von %3 Schichten</translation>
    </message>
    <message>
        <source>In these layers each token attends only to the last %1 positions up to itself</source>
        <translation>In diesen Schichten beachtet jedes Token nur die letzten %1 Positionen bis zu sich selbst</translation>
    </message>
</context>
<context>
    <name>ls::gui::ModuleTreeModel</name>
    <message>
        <source>%1 parameters (%2 % of the model)</source>
        <translation>%1 Parameter (%2 % des Modells)</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 Parameter</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Weight shape</source>
        <translation>Gewichtsform</translation>
    </message>
</context>
<context>
    <name>ls::gui::ModuleTreeView</name>
    <message>
        <source>Filter modules, e.g. q_proj or layers.0</source>
        <translation>Module filtern, z. B. q_proj oder layers.0</translation>
    </message>
    <message>
        <source>Show only modules whose dotted path contains this text</source>
        <translation>Nur Module zeigen, deren Pfad diesen Text enthält</translation>
    </message>
    <message>
        <source>The model&apos;s modules with the parameters each holds (its own and below)</source>
        <translation>Die Module des Modells mit ihren Parametern (eigene und darunterliegende)</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln modules, %1 parameters in total</source>
        <translation>
            <numerusform>%Ln Modul, insgesamt %1 Parameter</numerusform>
            <numerusform>%Ln Module, insgesamt %1 Parameter</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ls::gui::PlaygroundPage</name>
    <message>
        <source>Playground</source>
        <translation>Playground</translation>
    </message>
    <message>
        <source>Ask the base model and the fine-tuned one the same thing. Prompts are asked in the template the training data used, so an adapter answers the way it learned to.</source>
        <translation>Stellen Sie dem Basismodell und dem feinabgestimmten Modell dieselbe Frage. Prompts werden in der Vorlage der Trainingsdaten gestellt, sodass ein Adapter so antwortet, wie er es gelernt hat.</translation>
    </message>
    <message>
        <source>Type a prompt, e.g. an instruction like the ones in your training data</source>
        <translation>Prompt eingeben, z. B. eine Anweisung wie die in Ihren Trainingsdaten</translation>
    </message>
    <message>
        <source>Adapter:</source>
        <translation>Adapter:</translation>
    </message>
    <message>
        <source>The adapter of a run (newest first), or any PEFT adapter folder</source>
        <translation>Der Adapter eines Laufs (neueste zuerst) oder ein beliebiger PEFT-Adapterordner</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>PEFT Adapter Folder</source>
        <translation>PEFT-Adapterordner</translation>
    </message>
    <message>
        <source>Raw prompt</source>
        <translation>Roher Prompt</translation>
    </message>
    <message>
        <source>Send the text as it is, instead of asking it in the model&apos;s instruction template</source>
        <translation>Den Text unverändert senden, statt ihn in der Anweisungsvorlage des Modells zu stellen</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Sampling</translation>
    </message>
    <message>
        <source>Sample with temperature and top-p instead of greedy decoding</source>
        <translation>Mit Temperatur und Top-p sampeln statt Greedy-Decoding</translation>
    </message>
    <message>
        <source>temperature </source>
        <translation>Temperatur </translation>
    </message>
    <message>
        <source>max tokens </source>
        <translation>max. Tokens </translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generieren</translation>
    </message>
    <message>
        <source>Generate with both models (Ctrl+Return)</source>
        <translation>Mit beiden Modellen generieren (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>The answer appears here</source>
        <translation>Hier erscheint die Antwort</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>With adapter</source>
        <translation>Mit Adapter</translation>
    </message>
    <message>
        <source>(none: base model only)</source>
        <translation>(keiner: nur Basismodell)</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <source>Open a model on the Model page first.</source>
        <translation>Öffnen Sie zuerst ein Modell auf der Seite Modell.</translation>
    </message>
    <message>
        <source>No adapter chosen</source>
        <translation>Kein Adapter gewählt</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Generiere…</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>Generierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Done (%1)</source>
        <translation>Fertig (%1)</translation>
    </message>
    <message>
        <source>sampled</source>
        <translation>gesampelt</translation>
    </message>
    <message>
        <source>greedy</source>
        <translation>greedy</translation>
    </message>
    <message>
        <source>Open a model on the Model page to use the playground.</source>
        <translation>Öffnen Sie ein Modell auf der Seite Modell, um den Playground zu nutzen.</translation>
    </message>
</context>
<context>
    <name>ls::gui::PlotExport</name>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG vector image (*.svg)</source>
        <translation>SVG-Vektorgrafik (*.svg)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>%1: unsupported image format &quot;%2&quot; (use %3)</source>
        <translation>%1: Bildformat „%2“ wird nicht unterstützt (möglich: %3)</translation>
    </message>
    <message>
        <source>%1: could not write the image</source>
        <translation>%1: Das Bild konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Save Image…</source>
        <translation>Bild speichern…</translation>
    </message>
    <message>
        <source>Save Plot Image</source>
        <translation>Diagramm als Bild speichern</translation>
    </message>
    <message>
        <source>Save Data as CSV…</source>
        <translation>Daten als CSV speichern…</translation>
    </message>
    <message>
        <source>Save Plot Data</source>
        <translation>Diagrammdaten speichern</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV-Datei (*.csv)</translation>
    </message>
</context>
<context>
    <name>ls::gui::PreviewRowsTable</name>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Response (trained)</source>
        <translation>Antwort (trainiert)</translation>
    </message>
    <message>
        <source>The line of the file where the row starts</source>
        <translation>Die Zeilennummer in der Datei, an der der Eintrag beginnt</translation>
    </message>
    <message>
        <source>The prompt as the model reads it, template tokens included; no loss is taken on it</source>
        <translation>Der Prompt, wie das Modell ihn liest, samt Vorlagen-Tokens; auf ihm wird kein Loss berechnet</translation>
    </message>
    <message>
        <source>The response: the tokens the adapter is trained to produce</source>
        <translation>Die Antwort: die Tokens, die der Adapter erzeugen lernt</translation>
    </message>
</context>
<context>
    <name>ls::gui::QuantInspection</name>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>NF4 + double quantization</source>
        <translation>NF4 + doppelte Quantisierung</translation>
    </message>
    <message>
        <source>NF4</source>
        <translation>NF4</translation>
    </message>
    <message>
        <source>FP4 + double quantization</source>
        <translation>FP4 + doppelte Quantisierung</translation>
    </message>
    <message>
        <source>FP4</source>
        <translation>FP4</translation>
    </message>
    <message>
        <source>int4</source>
        <translation>int4</translation>
    </message>
</context>
<context>
    <name>ls::gui::RenderedRowView</name>
    <message>
        <source>prompt: no loss</source>
        <translation>Prompt: kein Loss</translation>
    </message>
    <message>
        <source>response: trained</source>
        <translation>Antwort: trainiert</translation>
    </message>
    <message>
        <source>Select a row above to see it in full.</source>
        <translation>Wählen Sie oben eine Zeile, um sie vollständig zu sehen.</translation>
    </message>
    <message>
        <source>Line %1 as the model reads it</source>
        <translation>Zeile %1, wie das Modell sie liest</translation>
    </message>
    <message>
        <source>Rendered row</source>
        <translation>Aufbereitete Zeile</translation>
    </message>
</context>
<context>
    <name>ls::gui::RunHistory</name>
    <message>
        <source>damaged</source>
        <translation>beschädigt</translation>
    </message>
    <message>
        <source>no steps</source>
        <translation>keine Schritte</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>stopped at %1 of %2</source>
        <translation>angehalten bei %1 von %2</translation>
    </message>
</context>
<context>
    <name>ls::gui::RunPlan</name>
    <message>
        <source>regex %1</source>
        <translation>Regex %1</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>LoRA-FA</source>
        <translation>LoRA-FA</translation>
    </message>
    <message>
        <source>QLoRA</source>
        <translation>QLoRA</translation>
    </message>
    <message>
        <source>%1 r %2, α %3</source>
        <translation>%1 r %2, α %3</translation>
    </message>
    <message>
        <source> in layers %1–%2</source>
        <translation> in den Schichten %1–%2</translation>
    </message>
    <message>
        <source> from layer %1</source>
        <translation> ab Schicht %1</translation>
    </message>
    <message>
        <source>%1 epochs</source>
        <translation>%1 Epochen</translation>
    </message>
    <message>
        <source>batch %1 × %2 tokens</source>
        <translation>Batch %1 × %2 Tokens</translation>
    </message>
    <message>
        <source> × %1 accumulated</source>
        <translation> × %1 akkumuliert</translation>
    </message>
    <message>
        <source>lr %1</source>
        <translation>Lernrate %1</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>, about %1 GiB</source>
        <translation>, etwa %1 GiB</translation>
    </message>
    <message>
        <source>%1: could not create the runs folder</source>
        <translation>%1: Der Läufe-Ordner konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1: could not create a new run folder in it</source>
        <translation>%1: Darin konnte kein neuer Laufordner angelegt werden</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>&lt; 0.1 s</source>
        <translation>&lt; 0,1 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message numerus="yes">
        <source> (%Ln modules)</source>
        <translation>
            <numerusform> (%Ln Modul)</numerusform>
            <numerusform> (%Ln Module)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln steps</source>
        <translation>
            <numerusform>%Ln Schritt</numerusform>
            <numerusform>%Ln Schritte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln epochs</source>
        <translation>
            <numerusform>%Ln Epoche</numerusform>
            <numerusform>%Ln Epochen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ls::gui::RunsPage</name>
    <message>
        <source>Runs &amp; export</source>
        <translation>Läufe &amp; Export</translation>
    </message>
    <message>
        <source>Open Run Folder…</source>
        <translation>Laufordner öffnen…</translation>
    </message>
    <message>
        <source>Add a run folder from elsewhere (one with config.json)</source>
        <translation>Einen Laufordner von anderswo hinzufügen (einen mit config.json)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read the runs folder again (F5)</source>
        <translation>Den Läufe-Ordner neu einlesen (F5)</translation>
    </message>
    <message>
        <source>No runs yet. Start one on the Train page; every run keeps its settings, its loss curve, checkpoints and the adapter in its own folder, listed here.</source>
        <translation>Noch keine Läufe. Starten Sie einen auf der Seite Training; jeder Lauf legt seine Einstellungen, seine Loss-Kurve, Checkpoints und den Adapter in einem eigenen Ordner ab, der hier aufgeführt wird.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>r</source>
        <translation>r</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <source>Eval loss</source>
        <translation>Eval-Loss</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Select several runs (Ctrl or Shift) to compare their loss curves and settings</source>
        <translation>Mehrere Läufe auswählen (Strg oder Umschalt), um ihre Loss-Kurven und Einstellungen zu vergleichen</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>Trainings-Loss</translation>
    </message>
    <message>
        <source>The settings that differ between the selected runs (all settings for one run)</source>
        <translation>Die Einstellungen, in denen sich die gewählten Läufe unterscheiden (bei einem Lauf alle Einstellungen)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Continue the selected run from its last checkpoint on the Train page</source>
        <translation>Den gewählten Lauf auf der Seite Training ab seinem letzten Checkpoint fortsetzen</translation>
    </message>
    <message>
        <source>Export Adapter…</source>
        <translation>Adapter exportieren…</translation>
    </message>
    <message>
        <source>Copy the adapter as a PEFT folder (adapter_config.json + adapter_model.safetensors)</source>
        <translation>Den Adapter als PEFT-Ordner kopieren (adapter_config.json + adapter_model.safetensors)</translation>
    </message>
    <message>
        <source>Merge into Model…</source>
        <translation>In Modell zusammenführen…</translation>
    </message>
    <message>
        <source>Write a full Hugging Face model folder with the adapter folded into the base weights</source>
        <translation>Einen vollständigen Hugging-Face-Modellordner schreiben, in dem der Adapter in die Basisgewichte eingerechnet ist</translation>
    </message>
    <message>
        <source>Data type of the merged weights</source>
        <translation>Datentyp der zusammengeführten Gewichte</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Delete the selected run folders</source>
        <translation>Die gewählten Laufordner löschen</translation>
    </message>
    <message>
        <source>Merged into %1</source>
        <translation>In %1 zusammengeführt</translation>
    </message>
    <message>
        <source>Merging failed</source>
        <translation>Zusammenführen fehlgeschlagen</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: der Ordner kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1: cannot write the file</source>
        <translation>%1: die Datei kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Adapter exported to %1</source>
        <translation>Adapter nach %1 exportiert</translation>
    </message>
    <message>
        <source>Merging the adapter into the base model…</source>
        <translation>Führe den Adapter mit dem Basismodell zusammen…</translation>
    </message>
    <message>
        <source>Export Adapter To</source>
        <translation>Adapter exportieren nach</translation>
    </message>
    <message>
        <source>Write the Merged Model To</source>
        <translation>Zusammengeführtes Modell schreiben nach</translation>
    </message>
    <message>
        <source>Delete Runs</source>
        <translation>Läufe löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run folder(s) with their checkpoints and adapters? This cannot be undone.</source>
        <translation>
            <numerusform>%n Laufordner mit seinen Checkpoints und Adaptern löschen? Das lässt sich nicht rückgängig machen.</numerusform>
            <numerusform>%n Laufordner mit ihren Checkpoints und Adaptern löschen? Das lässt sich nicht rückgängig machen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Run Folder</source>
        <translation>Laufordner öffnen</translation>
    </message>
    <message>
        <source>Not a run folder</source>
        <translation>Kein Laufordner</translation>
    </message>
    <message>
        <source>%1: no config.json</source>
        <translation>%1: keine config.json</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop merging; nothing is written</source>
        <translation>Zusammenführen abbrechen; es wird nichts geschrieben</translation>
    </message>
</context>
<context>
    <name>ls::gui::Screenshot</name>
    <message>
        <source>lora-studio: --screenshot: the model did not load in time</source>
        <translation>lora-studio: --screenshot: das Modell wurde nicht rechtzeitig geladen</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: der Ordner kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1: cannot write the PNG file</source>
        <translation>%1: die PNG-Datei kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>ls::gui::TargetTree</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>All linear</source>
        <translation>Alle linearen</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Every linear module of the decoder layers (PEFT&apos;s &quot;all-linear&quot;); lm_head stays off</source>
        <translation>Jedes lineare Modul der Decoder-Schichten („all-linear“ von PEFT); lm_head bleibt aus</translation>
    </message>
    <message>
        <source>Only the attention projections: q, k, v and o</source>
        <translation>Nur die Attention-Projektionen: q, k, v und o</translation>
    </message>
    <message>
        <source>Only the MLP projections: gate, up and down</source>
        <translation>Nur die MLP-Projektionen: gate, up und down</translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation>Die Auswahl aufheben</translation>
    </message>
    <message>
        <source>Only decoder layers in this range get adapters (both ends included). A range that leaves out layers also leaves out lm_head.</source>
        <translation>Nur Decoder-Schichten in diesem Bereich bekommen Adapter (beide Enden eingeschlossen). Ein Bereich, der Schichten auslässt, lässt auch lm_head aus.</translation>
    </message>
    <message>
        <source>First layer</source>
        <translation>Erste Schicht</translation>
    </message>
    <message>
        <source>Last layer</source>
        <translation>Letzte Schicht</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>in → out</source>
        <translation>in → out</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>%1 (%2, %3), outside the decoder layers</source>
        <translation>%1 (%2, %3), außerhalb der Decoder-Schichten</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>%1 (%2 %3)</source>
        <translation>%1 (%2 %3)</translation>
    </message>
    <message>
        <source>%1 (%2), one per decoder layer: check it to adapt it in every layer of the range</source>
        <translation>%1 (%2), eins je Decoder-Schicht: ankreuzen, um es in jeder Schicht des Bereichs mit einem Adapter zu versehen</translation>
    </message>
    <message>
        <source>mixed</source>
        <translation>gemischt</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>von %1</translation>
    </message>
    <message>
        <source>A layer range leaves out %1; choose all layers to adapt it</source>
        <translation>Ein Schichtbereich lässt %1 aus; wählen Sie alle Schichten, um es mit einem Adapter zu versehen</translation>
    </message>
    <message>
        <source>Outside the layer range</source>
        <translation>Außerhalb des Schichtbereichs</translation>
    </message>
</context>
<context>
    <name>ls::gui::TrainCharts</name>
    <message>
        <source>Log scale</source>
        <translation>Log-Skala</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>Kreuzentropie</translation>
    </message>
    <message>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>eval</source>
        <translation>Eval</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>GPU-Speicher</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>allocated</source>
        <translation>belegt</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>reserviert</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>Spitze</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <source>tokens / s</source>
        <translation>Tokens / s</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>No steps yet</source>
        <translation>Noch keine Schritte</translation>
    </message>
    <message>
        <source>Smooths the train loss with an exponential moving average (0 = off); the raw curve stays visible, faded</source>
        <translation>Glättet den Trainings-Loss mit einem exponentiellen gleitenden Mittelwert (0 = aus); die Rohkurve bleibt blass sichtbar</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic axis</source>
        <translation>Den Loss auf einer logarithmischen Achse zeigen</translation>
    </message>
    <message>
        <source>Loss smoothing:</source>
        <translation>Loss-Glättung:</translation>
    </message>
    <message>
        <source>Right-click a chart to save it as PNG, SVG or CSV.</source>
        <translation>Rechtsklick auf ein Diagramm speichert es als PNG, SVG oder CSV.</translation>
    </message>
    <message>
        <source>Memory (process RAM)</source>
        <translation>Speicher (RAM des Prozesses)</translation>
    </message>
    <message>
        <source>estimate %1 GiB</source>
        <translation>Schätzung %1 GiB</translation>
    </message>
</context>
<context>
    <name>ls::gui::TrainPage</name>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Start a new run with these settings, in a new folder under the runs folder (%1)</source>
        <translation>Einen neuen Lauf mit diesen Einstellungen starten, in einem neuen Ordner im Läufe-Ordner (%1)</translation>
    </message>
    <message>
        <source>Pause after the current micro-batch; nothing is lost (%1)</source>
        <translation>Nach dem aktuellen Micro-Batch pausieren; nichts geht verloren (%1)</translation>
    </message>
    <message>
        <source>Continue the paused run (%1)</source>
        <translation>Den pausierten Lauf fortsetzen (%1)</translation>
    </message>
    <message>
        <source>Stop the run; a checkpoint and the adapter of the last finished step are saved (%1)</source>
        <translation>Den Lauf beenden; ein Checkpoint und der Adapter des letzten abgeschlossenen Schritts werden gespeichert (%1)</translation>
    </message>
    <message>
        <source>The state of the training job</source>
        <translation>Der Zustand des Trainingsauftrags</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>Trainingskurven</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>The engine&apos;s messages appear here: loading, checkpoints, the result.</source>
        <translation>Hier erscheinen die Meldungen der Engine: Laden, Checkpoints, das Ergebnis.</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>The adapter&apos;s weights appear here while a run trains.</source>
        <translation>Hier erscheinen die Gewichte des Adapters, während ein Lauf trainiert.</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Nicht gestartet</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>This run: %1</source>
        <translation>Dieser Lauf: %1</translation>
    </message>
    <message>
        <source>Next run: %1</source>
        <translation>Nächster Lauf: %1</translation>
    </message>
    <message>
        <source>Could not start training</source>
        <translation>Das Training konnte nicht gestartet werden</translation>
    </message>
    <message>
        <source>Pausing after the current step…</source>
        <translation>Pausiere nach dem aktuellen Schritt…</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>Setze fort…</translation>
    </message>
    <message>
        <source>Cancelling: saving a checkpoint and the adapter…</source>
        <translation>Breche ab: Checkpoint und Adapter werden gespeichert…</translation>
    </message>
    <message>
        <source>The first weight snapshot arrives after step %1.</source>
        <translation>Der erste Gewichts-Snapshot kommt nach Schritt %1.</translation>
    </message>
    <message>
        <source>This run takes no weight snapshots (snapshot every 0 steps).</source>
        <translation>Dieser Lauf macht keine Gewichts-Snapshots (Snapshot alle 0 Schritte).</translation>
    </message>
    <message>
        <source>Run folder: &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt;</source>
        <translation>Laufordner: &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Run started in %1</source>
        <translation>Lauf gestartet in %1</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Loading the model and the data…</source>
        <translation>Lade das Modell und die Daten…</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 Tokens/s</translation>
    </message>
    <message>
        <source>loss %1</source>
        <translation>Loss %1</translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation>verstrichen %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Adapter saved in %1</source>
        <translation>Adapter gespeichert in %1</translation>
    </message>
    <message>
        <source> in %1</source>
        <translation> in %1</translation>
    </message>
    <message>
        <source> · final loss %1</source>
        <translation> · finaler Loss %1</translation>
    </message>
    <message>
        <source>, eval %1</source>
        <translation>, Eval %1</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>Training fehlgeschlagen</translation>
    </message>
    <message>
        <source>No steps</source>
        <translation>Keine Schritte</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>Start nicht möglich: %1</translation>
    </message>
    <message numerus="yes">
        <source>Finished %Ln steps</source>
        <translation>
            <numerusform>%Ln Schritt abgeschlossen</numerusform>
            <numerusform>%Ln Schritte abgeschlossen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %Ln steps</source>
        <translation>
            <numerusform>Abgebrochen nach %Ln Schritt</numerusform>
            <numerusform>Abgebrochen nach %Ln Schritten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Failed after %Ln steps</source>
        <translation>
            <numerusform>Fehlgeschlagen nach %Ln Schritt</numerusform>
            <numerusform>Fehlgeschlagen nach %Ln Schritten</numerusform>
        </translation>
    </message>
    <message>
        <source>Fit to GPU memory</source>
        <translation>An GPU-Speicher anpassen</translation>
    </message>
</context>
<context>
    <name>ls::gui::TrainingJob</name>
    <message>
        <source>A training run is already active.</source>
        <translation>Ein Trainingslauf ist bereits aktiv.</translation>
    </message>
</context>
<context>
    <name>ls::gui::TrainingSetup</name>
    <message>
        <source>Open a model first (Model page).</source>
        <translation>Öffnen Sie zuerst ein Modell (Seite Modell).</translation>
    </message>
    <message>
        <source>The model folder has no tokenizer.json, which training needs.</source>
        <translation>Der Modellordner hat keine tokenizer.json, die das Training braucht.</translation>
    </message>
    <message>
        <source>Choose a training data file (Data page).</source>
        <translation>Wählen Sie eine Trainingsdatei (Seite Daten).</translation>
    </message>
    <message>
        <source>The data file %1 does not exist.</source>
        <translation>Die Datendatei %1 existiert nicht.</translation>
    </message>
</context>
<context>
    <name>ls::gui::UpdateNormPlot</name>
    <message>
        <source>other</source>
        <translation>andere</translation>
    </message>
    <message>
        <source>layer %1 · %2</source>
        <translation>Schicht %1 · %2</translation>
    </message>
</context>
<context>
    <name>ls::gui::WeightsPanel</name>
    <message>
        <source>Module:</source>
        <translation>Modul:</translation>
    </message>
    <message>
        <source>The snapshotted module whose weights the histogram shows</source>
        <translation>Das Modul aus dem Snapshot, dessen Gewichte das Histogramm zeigt</translation>
    </message>
    <message>
        <source>lora_A (r × in, random at the start) or lora_B (out × r, zero at the start, so it shows what training has learned)</source>
        <translation>lora_A (r × in, zu Beginn zufällig) oder lora_B (out × r, zu Beginn null, zeigt also, was das Training gelernt hat)</translation>
    </message>
    <message>
        <source>Matrix:</source>
        <translation>Matrix:</translation>
    </message>
    <message>
        <source>decoder layer</source>
        <translation>Decoder-Schicht</translation>
    </message>
    <message>
        <source>‖scaling · B · A‖</source>
        <translation>‖Skalierung · B · A‖</translation>
    </message>
    <message>
        <source>How far each module&apos;s adapter has moved the base weight: the Frobenius norm of its update scaling · B · A (scaling = α / r, or α / √r with rsLoRA)</source>
        <translation>Wie weit der Adapter jedes Moduls das Basisgewicht verschoben hat: die Frobeniusnorm seines Updates Skalierung · B · A (Skalierung = α / r oder α / √r mit rsLoRA)</translation>
    </message>
    <message>
        <source>Adapter weights</source>
        <translation>Adaptergewichte</translation>
    </message>
    <message>
        <source>No weight snapshots yet.</source>
        <translation>Noch keine Gewichts-Snapshots.</translation>
    </message>
    <message>
        <source>Snapshot of step %1</source>
        <translation>Snapshot von Schritt %1</translation>
    </message>
    <message>
        <source>%1 %2 of %3</source>
        <translation>%1 %2 von %3</translation>
    </message>
    <message>
        <source>value · red lines: the 16 NF4 code values × absmax %1</source>
        <translation>Wert · rote Linien: die 16 NF4-Codewerte × absmax %1</translation>
    </message>
    <message>
        <source>value · all zero so far (NF4 code values drawn for absmax 1)</source>
        <translation>Wert · bisher alles null (NF4-Codewerte für absmax 1 gezeichnet)</translation>
    </message>
    <message>
        <source>values</source>
        <translation>Werte</translation>
    </message>
    <message>
        <source>Update size per module</source>
        <translation>Update-Größe je Modul</translation>
    </message>
    <message>
        <source>update ÷ quantization error</source>
        <translation>Update ÷ Quantisierungsfehler</translation>
    </message>
    <message>
        <source>‖scaling · B · A‖ ÷ ‖W − dequant(NF4(W))‖ for each module: above 1 the adapter has moved the weight further than 4-bit quantization did</source>
        <translation>‖scaling · B · A‖ ÷ ‖W − dequant(NF4(W))‖ je Modul: über 1 hat der Adapter das Gewicht weiter verschoben als die 4-Bit-Quantisierung</translation>
    </message>
    <message>
        <source>Update against the NF4 quantization error</source>
        <translation>Update im Vergleich zum NF4-Quantisierungsfehler</translation>
    </message>
</context>
<context>
    <name>ls::gui::WelcomePage</name>
    <message>
        <source>%1, %2 GB — training will run on the GPU in bf16</source>
        <translation>%1, %2 GB — das Training läuft auf der GPU in bf16</translation>
    </message>
    <message>
        <source>one core</source>
        <translation>ein Kern</translation>
    </message>
    <message>
        <source>%1 cores</source>
        <translation>%1 Kerne</translation>
    </message>
    <message>
        <source>No CUDA GPU found — training will run on the CPU (%1); the demo run takes well under a minute</source>
        <translation>Keine CUDA-GPU gefunden — das Training läuft auf der CPU (%1); der Demolauf dauert deutlich unter einer Minute</translation>
    </message>
    <message>
        <source>Freezes the base model and trains two small low-rank matrices, A and B, beside each chosen layer. The base stays in 16 or 32 bits, so it needs the most memory of the three. Pick it when the model fits comfortably.</source>
        <translation>Friert das Basismodell ein und trainiert neben jeder gewählten Schicht zwei kleine Low-Rank-Matrizen, A und B. Die Basis bleibt in 16 oder 32 Bit; sie braucht daher von den dreien den meisten Speicher. Wählen Sie sie, wenn das Modell bequem in den Speicher passt.</translation>
    </message>
    <message>
        <source>LoRA with A frozen at its random start: only B trains, so half the adapter&apos;s gradients and optimizer state, and slightly faster steps than LoRA. Pick it when you want the fastest steps; when memory runs out, QLoRA or gradient checkpointing save far more.</source>
        <translation>LoRA, bei dem A auf seinem zufälligen Startwert eingefroren bleibt: Nur B wird trainiert, also halb so viele Gradienten und Optimiererzustände des Adapters und etwas schnellere Schritte als LoRA. Wählen Sie es für die schnellsten Schritte; wenn der Speicher nicht reicht, sparen QLoRA oder Gradient-Checkpointing weit mehr.</translation>
    </message>
    <message>
        <source>LoRA on a base quantized to 4-bit NF4 with double quantization: the base takes about a quarter of the memory of bf16, at the price of slightly slower steps (every weight is dequantized as it is used). Pick it when the model does not fit otherwise.</source>
        <translation>LoRA auf einer mit doppelter Quantisierung nach 4-Bit-NF4 quantisierten Basis: Die Basis braucht etwa ein Viertel des Speichers von bf16, um den Preis etwas langsamerer Schritte (jedes Gewicht wird beim Gebrauch dequantisiert). Wählen Sie es, wenn das Modell sonst nicht passt.</translation>
    </message>
    <message>
        <source>Try it with the demo model</source>
        <translation>Mit dem Demomodell ausprobieren</translation>
    </message>
    <message>
        <source>Set up my own model</source>
        <translation>Eigenes Modell einrichten</translation>
    </message>
    <message>
        <source>Fine-tune a language model on this machine and watch it learn: open a base model, choose a method and the layers that get adapters, load your data and follow the loss, the memory and the weights live. LoRA Studio trains with three methods:</source>
        <translation>Stimmen Sie ein Sprachmodell auf diesem Rechner fein ab und sehen Sie ihm beim Lernen zu: Basismodell öffnen, eine Methode und die Schichten mit Adaptern wählen, Ihre Daten laden und Verlust, Speicher und Gewichte live verfolgen. LoRA Studio trainiert mit drei Methoden:</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>LoRA-FA</source>
        <translation>LoRA-FA</translation>
    </message>
    <message>
        <source>QLoRA</source>
        <translation>QLoRA</translation>
    </message>
    <message>
        <source>Detected once at startup. Every page uses this device unless you choose another on the Method page.</source>
        <translation>Einmal beim Start erkannt. Alle Seiten verwenden dieses Gerät, sofern Sie auf der Seite Methode kein anderes wählen.</translation>
    </message>
    <message>
        <source>This machine:</source>
        <translation>Dieser Rechner:</translation>
    </message>
    <message>
        <source>Open the demo model and dataset, set up a short LoRA run and start it (%1)</source>
        <translation>Demomodell und Demodatensatz öffnen, einen kurzen LoRA-Lauf einrichten und starten (%1)</translation>
    </message>
    <message>
        <source>Go to the Model page and open a Hugging Face model folder</source>
        <translation>Zur Seite Modell wechseln und einen Hugging-Face-Modellordner öffnen</translation>
    </message>
    <message>
        <source>The demo opens the small model that ships with LoRA Studio and its dataset of short questions and answers, and trains a LoRA for %1 steps so that the model learns the dataset&apos;s answer format. The Train page plots the loss as it falls; the Playground compares the answers before and after.</source>
        <translation>Die Demo öffnet das kleine Modell, das LoRA Studio mitbringt, mit seinem Datensatz aus kurzen Fragen und Antworten und trainiert ein LoRA für %1 Schritte, sodass das Modell das Antwortformat des Datensatzes lernt. Die Seite Training zeigt, wie der Verlust sinkt; der Playground vergleicht die Antworten vorher und nachher.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Open a Hugging Face folder: config.json, safetensors weights and tokenizer.json.</source>
        <translation>Einen Hugging-Face-Ordner öffnen: config.json, safetensors-Gewichte und tokenizer.json.</translation>
    </message>
    <message>
        <source>Method &amp; targets</source>
        <translation>Methode &amp; Ziele</translation>
    </message>
    <message>
        <source>LoRA, LoRA-FA or QLoRA, the rank and the layers; the memory estimate follows.</source>
        <translation>LoRA, LoRA-FA oder QLoRA, der Rang und die Schichten; die Speicherschätzung folgt.</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>A JSON or JSONL file in alpaca, chat or plain-text form, with a preview of what trains.</source>
        <translation>Eine JSON- oder JSONL-Datei im Alpaca-, Chat- oder Klartextformat, mit einer Vorschau dessen, was trainiert wird.</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Live loss, memory and weights; then Runs &amp; export and the Playground.</source>
        <translation>Verlust, Speicher und Gewichte live; danach Läufe &amp; Export und der Playground.</translation>
    </message>
    <message>
        <source>Welcome to LoRA Studio</source>
        <translation>Willkommen bei LoRA Studio</translation>
    </message>
    <message>
        <source>With your own model</source>
        <translation>Mit Ihrem eigenen Modell</translation>
    </message>
</context>
</TS>
